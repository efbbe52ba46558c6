import Foundation
import GRDB
import Ledger

/// How a secret option's value is kept in `options`: the sealed bytes, base64, behind a prefix.
public enum OptionValue {
    public static let sealedPrefix = "sealed:"

    /// The sealed bytes of a stored secret value, or nil when it is stored in clear.
    public static func sealedBytes(_ stored: String) -> [UInt8]? {
        guard stored.hasPrefix(sealedPrefix),
            let data = Data(base64Encoded: String(stored.dropFirst(sealedPrefix.count)))
        else { return nil }
        return [UInt8](data)
    }
}

/// Keeps `options` (key → string value; secret values sealed) and `setups` (the first-run marker).
enum OptionsProjection: Projection {
    static let name = "options"
    static let version = 1
    static let tables = ["options", "setups"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("options.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE options (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE setups (
                        id INTEGER PRIMARY KEY NOT NULL, version TEXT NOT NULL, initialized_at INTEGER NOT NULL);
                    """)
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        switch recorded.event {
        case .optionUpdated(let e):
            try upsert(db, e.key, e.value)
        case .secretOptionUpdated(let e):
            // Sealed since `sealed_value` exists; older events held the value in clear.
            try upsert(
                db, e.key,
                e.sealedValue.isEmpty ? e.value : OptionValue.sealedPrefix + e.sealedValue.base64EncodedString())
        case .optionImported(let e):
            try upsert(
                db, e.key,
                e.sealedValue.isEmpty ? e.value : OptionValue.sealedPrefix + e.sealedValue.base64EncodedString())
        case .importCompleted(let e):
            // An imported instance is set up: the source's root signs in, no setup wizard.
            try db.execute(
                sql: "INSERT OR IGNORE INTO setups (id, version, initialized_at) VALUES (1, ?, ?)",
                arguments: ["import:" + e.source, recorded.seconds])
        case .optionRemoved(let e):
            try db.execute(sql: "DELETE FROM options WHERE key = ?", arguments: [e.key])
        case .setupCompleted(let e):
            try db.execute(
                sql: "INSERT OR REPLACE INTO setups (id, version, initialized_at) VALUES (1, ?, ?)",
                arguments: [e.version, e.initializedAt])
        default:
            break
        }
    }

    private static func upsert(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(
            sql:
                "INSERT INTO options (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            arguments: [key, value])
    }
}
