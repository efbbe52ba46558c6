import GRDB
import Ledger

/// Keeps `tokens` from the token events. Keys stay sealed in `sealed_key`; `key_fingerprint`
/// (SHA-256 hex) finds a token by its whole key. Deletes are soft, as in New API.
enum TokensProjection: Projection {
    static let name = "tokens"
    /// 2: usage and holds move the counters (`+Usage.swift`).
    static let version = 2
    static let tables = ["tokens"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("tokens.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tokens (
                        id INTEGER PRIMARY KEY NOT NULL,
                        user_id INTEGER NOT NULL,
                        sealed_key BLOB NOT NULL,
                        key_fingerprint TEXT NOT NULL UNIQUE,
                        status INTEGER NOT NULL DEFAULT 1,
                        name TEXT NOT NULL DEFAULT '',
                        created_time INTEGER NOT NULL,
                        accessed_time INTEGER NOT NULL,
                        expired_time INTEGER NOT NULL DEFAULT -1,
                        remain_quota INTEGER NOT NULL DEFAULT 0,
                        unlimited_quota INTEGER NOT NULL DEFAULT 0,
                        model_limits_enabled INTEGER NOT NULL DEFAULT 0,
                        model_limits TEXT NOT NULL DEFAULT '',
                        allow_ips TEXT NOT NULL DEFAULT '',
                        used_quota INTEGER NOT NULL DEFAULT 0,
                        "group" TEXT NOT NULL DEFAULT '',
                        cross_group_retry INTEGER NOT NULL DEFAULT 0,
                        deleted_at TEXT
                    );
                    CREATE INDEX tokens_user ON tokens(user_id, id);
                    CREATE INDEX tokens_name ON tokens(name);
                    """)
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        switch recorded.event {
        case .tokenCreated(let e):
            let f = e.fields
            try db.execute(
                sql: """
                    INSERT INTO tokens (id, user_id, sealed_key, key_fingerprint, status, name, created_time,
                        accessed_time, expired_time, remain_quota, unlimited_quota, model_limits_enabled, model_limits,
                        allow_ips, "group")
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    e.tokenID, e.userID, e.sealedKey, e.keyFingerprint, f.status, f.name, e.createdTime,
                    e.createdTime, f.expiredTime, f.remainQuota, f.unlimitedQuota, f.modelLimitsEnabled, f.modelLimits,
                    f.allowIps, f.group,
                ])
        case .tokenUpdated(let e):
            let f = e.fields
            try db.execute(
                sql: """
                    UPDATE tokens SET name = ?, status = ?, expired_time = ?, remain_quota = ?, unlimited_quota = ?,
                        model_limits_enabled = ?, model_limits = ?, allow_ips = ?, "group" = ?
                    WHERE id = ?
                    """,
                arguments: [
                    f.name, f.status, f.expiredTime, f.remainQuota, f.unlimitedQuota, f.modelLimitsEnabled,
                    f.modelLimits, f.allowIps, f.group, e.tokenID,
                ])
        case .tokenDeleted(let e):
            try db.execute(
                sql: "UPDATE tokens SET deleted_at = ? WHERE id = ?",
                arguments: [UsersProjection.rfc3339(milliseconds: recorded.time), e.tokenID])
        case .tokenImported(let e):
            try applyImport(e, db)
        default:
            break
        }
    }
}
