import GRDB
import Ledger

extension DatabaseDecisionState {
    func redemption(id: Int64) throws(LedgerError) -> RedemptionSnapshot? {
        try read {
            try RedemptionRecord.fetchOne(
                db, sql: "SELECT * FROM redemptions WHERE id = ? AND deleted_at IS NULL", arguments: [id]
            )?.snapshot
        }
    }

    func redemption(fingerprint: String) throws(LedgerError) -> RedemptionSnapshot? {
        try read {
            try RedemptionRecord.fetchOne(
                db, sql: "SELECT * FROM redemptions WHERE key_fingerprint = ? AND deleted_at IS NULL",
                arguments: [fingerprint]
            )?.snapshot
        }
    }

    func invalidRedemptions(now: Int64) throws(LedgerError) -> [RedemptionSnapshot] {
        try read {
            try RedemptionRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM redemptions WHERE deleted_at IS NULL
                    AND (status IN (2, 3) OR (status = 1 AND expired_time != 0 AND expired_time < ?))
                    ORDER BY id
                    """, arguments: [now]
            ).map(\.snapshot)
        }
    }

    func maxRedemptionID() throws(LedgerError) -> Int64 {
        try read { try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM redemptions") ?? 0 }
    }
}
