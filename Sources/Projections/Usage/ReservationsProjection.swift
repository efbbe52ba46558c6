import GRDB
import Ledger

/// Keeps `reservations`: every hold by request id with its amount, expiry and status (open,
/// settled, released, expired). Closed rows stay, so a second settle or release is refused.
enum ReservationsProjection: Projection {
    static let name = "reservations"
    static let version = 1
    static let tables = ["reservations"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("reservations.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE reservations (
                        request_id TEXT PRIMARY KEY NOT NULL,
                        user_id INTEGER NOT NULL,
                        token_id INTEGER NOT NULL,
                        quota INTEGER NOT NULL,
                        token_unlimited INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        status INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX reservations_open ON reservations(expires_at) WHERE status = 0;
                    """)
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        switch recorded.event {
        case .quotaReserved(let e):
            try db.executeCached(
                sql: """
                    INSERT INTO reservations (request_id, user_id, token_id, quota, token_unlimited, expires_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, 0)
                    """, arguments: [e.requestID, e.userID, e.tokenID, e.quota, e.tokenUnlimited, e.expiresAt])
        case .reservationSettled(let e): try close(e.requestID, .settled, db)
        case .reservationReleased(let e): try close(e.requestID, .released, db)
        case .reservationExpired(let e): try close(e.requestID, .expired, db)
        default: break
        }
    }

    private static func close(_ requestID: String, _ status: ReservationStatus, _ db: Database) throws {
        try db.executeCached(
            sql: "UPDATE reservations SET status = ? WHERE request_id = ?", arguments: [status.rawValue, requestID])
    }

    static let columns = "request_id, user_id, token_id, quota, token_unlimited, expires_at, status"

    static func snapshot(_ row: Row) -> ReservationSnapshot {
        ReservationSnapshot(
            requestID: row[0], userID: row[1], tokenID: row[2], quota: row[3], tokenUnlimited: row[4],
            expiresAt: row[5], status: ReservationStatus(rawValue: row[6]) ?? .open)
    }
}
