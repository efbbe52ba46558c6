import GRDB
import Projections

/// The query `GET /api/status/test` runs to prove SQLite answers.
enum ReadModelsProbe {
    static func check(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM checkpoint") ?? 0
    }
}
