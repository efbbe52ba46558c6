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
        try apply(run: CounterRun([recorded][...]), db)
    }

    static func apply(run: CounterRun, _ db: Database) throws {
        // Decide never records a seen id; IGNORE keeps a replay going should a key ever collide.
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO usage_requests (key, seq) VALUES (?, ?)")
        for (seq, usage) in run.usages { try insert.run(binding: RequestKey.of(usage.requestID), Int64(seq)) }
    }

    static func seen(_ requestID: String, _ db: Database) throws -> Bool {
        try db.fetchInt64(cachedSQL: "SELECT 1 FROM usage_requests WHERE key = ?", binding: RequestKey.of(requestID))
            != nil
    }
}
