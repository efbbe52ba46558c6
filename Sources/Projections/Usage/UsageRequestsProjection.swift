import GRDB
import Ledger

/// Keeps `usage_requests`: every request id a `UsageRecorded` ever carried, as its 16-byte
/// `RequestKey`, with the seq of that event, so a repeat is found in O(log n) for the ledger's
/// whole history, and the log filter by request id finds the usage row (id `seq × 8`) through
/// the same B-tree instead of a second index. WITHOUT ROWID: key and seq are the whole row,
/// about 24 bytes. Never pruned: a pruned log row's request id stays a duplicate.
enum UsageRequestsProjection: Projection {
    static let name = "usage_requests"
    static let version = 2
    static let tables = ["usage_requests"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("usage_requests.v1") { db in
            try db.execute(sql: "CREATE TABLE usage_requests (key BLOB PRIMARY KEY NOT NULL) WITHOUT ROWID")
        }
        migrator.registerMigration("usage_requests.v2") { db in
            try db.execute(
                sql: """
                    DROP TABLE usage_requests;
                    CREATE TABLE usage_requests (key BLOB PRIMARY KEY NOT NULL, seq INTEGER NOT NULL) WITHOUT ROWID;
                    """)
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        guard case .usageRecorded(let e) = recorded.event else { return }
        // Decide never records a seen id; IGNORE keeps a replay going should a key ever collide.
        try db.executeCached(
            sql: "INSERT OR IGNORE INTO usage_requests (key, seq) VALUES (?, ?)",
            binding: RequestKey.of(e.requestID), Int64(recorded.seq))
    }

    static func seen(_ requestID: String, _ db: Database) throws -> Bool {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM usage_requests WHERE key = ?"), arguments: [RequestKey.of(requestID)]
        )
            != nil
    }
}
