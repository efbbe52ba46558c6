import GRDB
import Ledger

/// Keeps `usage_requests`: every request id a `UsageRecorded` ever carried, as its 16-byte
/// `RequestKey`, so a repeat is found in O(log n) for the ledger's whole history. WITHOUT ROWID:
/// the key is the B-tree's only content, about 20 bytes a row.
enum UsageRequestsProjection: Projection {
    static let name = "usage_requests"
    static let version = 1
    static let tables = ["usage_requests"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("usage_requests.v1") { db in
            try db.execute(sql: "CREATE TABLE usage_requests (key BLOB PRIMARY KEY NOT NULL) WITHOUT ROWID")
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        guard case .usageRecorded(let e) = recorded.event else { return }
        // Decide never records a seen id; IGNORE keeps a replay going should a key ever collide.
        try db.executeCached(
            sql: "INSERT OR IGNORE INTO usage_requests (key) VALUES (?)", arguments: [RequestKey.of(e.requestID)])
    }

    static func seen(_ requestID: String, _ db: Database) throws -> Bool {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM usage_requests WHERE key = ?"), arguments: [RequestKey.of(requestID)]
        )
            != nil
    }
}
