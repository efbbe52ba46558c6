import GRDB
import Ledger

extension DatabaseDecisionState {
    func token(id: Int64) throws(LedgerError) -> TokenSnapshot? {
        try read {
            try TokenRecord.fetchOne(
                db, sql: "SELECT * FROM tokens WHERE id = ? AND deleted_at IS NULL", arguments: [id]
            )
            .map { TokenSnapshot(id: $0.id, userID: $0.userId, fields: $0.fields, usedQuota: $0.usedQuota) }
        }
    }

    func tokenCount(userID: Int64) throws(LedgerError) -> Int64 {
        try read {
            try Int64.fetchOne(
                db, sql: "SELECT COUNT(*) FROM tokens WHERE user_id = ? AND deleted_at IS NULL", arguments: [userID])
                ?? 0
        }
    }

    func maxTokenID() throws(LedgerError) -> Int64 {
        try read { try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM tokens") ?? 0 }
    }
}
