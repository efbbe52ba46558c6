import GRDB
import Ledger

extension DatabaseDecisionState {
    func requestSeen(_ requestID: String) throws(LedgerError) -> Bool {
        try read { try UsageRequestsProjection.seen(requestID, db) }
    }

    func billedUser(id: Int64) throws(LedgerError) -> BilledUser? {
        try read {
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT quota, deleted_at IS NOT NULL, status FROM users WHERE id = ?"),
                arguments: [id]
            ).map { BilledUser(id: id, quota: $0[0], deleted: $0[1], status: $0[2]) }
        }
    }

    func billedToken(id: Int64) throws(LedgerError) -> BilledToken? {
        try read {
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT user_id, remain_quota, unlimited_quota, deleted_at IS NOT NULL, status, expired_time
                        FROM tokens WHERE id = ?
                        """),
                arguments: [id]
            ).map {
                BilledToken(
                    id: id, userID: $0[0], remainQuota: $0[1], unlimited: $0[2], deleted: $0[3], status: $0[4],
                    expiredTime: $0[5])
            }
        }
    }

    func channelExists(id: Int64) throws(LedgerError) -> Bool {
        try read {
            try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM channels WHERE id = ?"), arguments: [id]) != nil
        }
    }

    func reservation(requestID: String) throws(LedgerError) -> ReservationSnapshot? {
        try read {
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(ReservationsProjection.columns) FROM reservations WHERE request_id = ?"),
                arguments: [requestID]
            ).map(ReservationsProjection.snapshot)
        }
    }

    func expiredReservations(at now: Int64, limit: Int) throws(LedgerError) -> [ReservationSnapshot] {
        try read {
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(ReservationsProjection.columns) FROM reservations
                    WHERE status = 0 AND expires_at <= ? ORDER BY expires_at, request_id LIMIT ?
                    """, arguments: [now, limit]
            ).map(ReservationsProjection.snapshot)
        }
    }
}
