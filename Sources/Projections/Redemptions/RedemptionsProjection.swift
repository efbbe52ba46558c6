import GRDB
import Ledger

/// Keeps `redemptions` from the redemption events. Keys stay sealed; `key_fingerprint`
/// finds a code by the key a user types. Deletes are soft.
enum RedemptionsProjection: Projection {
    static let name = "redemptions"
    static let version = 1
    static let tables = ["redemptions"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("redemptions.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE redemptions (
                        id INTEGER PRIMARY KEY NOT NULL,
                        user_id INTEGER NOT NULL,
                        sealed_key BLOB NOT NULL,
                        key_fingerprint TEXT NOT NULL UNIQUE,
                        status INTEGER NOT NULL DEFAULT 1,
                        name TEXT NOT NULL DEFAULT '',
                        quota INTEGER NOT NULL DEFAULT 100,
                        created_time INTEGER NOT NULL,
                        redeemed_time INTEGER NOT NULL DEFAULT 0,
                        used_user_id INTEGER NOT NULL DEFAULT 0,
                        expired_time INTEGER NOT NULL DEFAULT 0,
                        deleted_at TEXT
                    );
                    CREATE INDEX redemptions_name ON redemptions(name);
                    """)
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        switch recorded.event {
        case .redemptionCodeCreated(let e):
            try db.execute(
                sql: """
                    INSERT INTO redemptions (id, user_id, sealed_key, key_fingerprint, status, name, quota, created_time,
                        expired_time)
                    VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)
                    """,
                arguments: [
                    e.redemptionID, e.creatorID, e.sealedKey, e.keyFingerprint, e.name, e.quota, e.createdTime,
                    e.expiredTime,
                ])
        case .redemptionCodeUpdated(let e):
            try db.execute(
                sql: "UPDATE redemptions SET name = ?, status = ?, quota = ?, expired_time = ? WHERE id = ?",
                arguments: [e.name, e.status, e.quota, e.expiredTime, e.redemptionID])
        case .redemptionCodeDeleted(let e):
            try db.execute(
                sql: "UPDATE redemptions SET deleted_at = ? WHERE id = ?",
                arguments: [UsersProjection.rfc3339(milliseconds: recorded.time), e.redemptionID])
        case .redemptionCodeRedeemed(let e):
            try db.execute(
                sql: "UPDATE redemptions SET status = 3, redeemed_time = ?, used_user_id = ? WHERE id = ?",
                arguments: [e.redeemedTime, e.userID, e.redemptionID])
        case .redemptionImported(let e):
            try applyImport(e, db)
        default:
            break
        }
    }
}
