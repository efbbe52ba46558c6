import Foundation
import GRDB
import Ledger

/// Keeps `log_strings`: the model names, groups and log contents that usage rows repeat,
/// each stored once and referred to by a small integer id from `logs`, `quota_data` and
/// `usage_buckets`. Ids are handed out in the order the fold first meets a text, so a replay
/// numbers them the same way.
///
/// Texts are stored as UTF-8 blobs, so a text with U+0000 inside comes back whole (SQLite's
/// text binding stops at the first NUL).
///
/// The table is shared by the logs and statistics projections and never emptied on its own:
/// bumping this version would renumber ids under them, so it must never change without
/// bumping both.
enum StringsProjection: Projection {
    static let name = "strings"
    static let version = 1
    static let tables = ["log_strings"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("strings.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE log_strings (
                        id INTEGER PRIMARY KEY NOT NULL,
                        kind INTEGER NOT NULL,
                        text BLOB NOT NULL,
                        UNIQUE (kind, text)
                    );
                    """)
        }
    }

    /// Interning happens where a projection needs an id (`InternedString.id`).
    static func apply(_ event: RecordedEvent, _ db: Database) throws {}
}

/// The kinds of text `log_strings` holds.
public enum InternedString: Int64, Sendable {
    case model = 1
    case group = 2
    case content = 3

    /// The id of `text`, added when first seen. The empty text is always 0 and never stored.
    func id(_ text: String, _ db: Database) throws -> Int64 {
        if text.isEmpty { return 0 }
        let bytes = Data(text.utf8)
        if let id = try db.fetchInt64(
            cachedSQL: "SELECT id FROM log_strings WHERE kind = ? AND text = ?", binding: rawValue, bytes)
        {
            return id
        }
        try db.executeCached(sql: "INSERT INTO log_strings (kind, text) VALUES (?, ?)", binding: rawValue, bytes)
        return db.lastInsertedRowID
    }

    /// The id of `text` if it was ever stored, for filters (nil: nothing can match).
    func existingID(_ text: String, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db, cachedSQL: "SELECT id FROM log_strings WHERE kind = ? AND text = ?",
            arguments: [rawValue, Data(text.utf8)])
    }
}

extension Row {
    /// A text column read as bytes, so U+0000 inside does not cut it short.
    func text(_ column: String) -> String {
        (self[column] as Data?).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
