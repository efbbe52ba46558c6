import GRDB

extension LogsProjection {
    /// The lower bound of the log: the largest prune target so far (rows below it are gone
    /// and are not added again), or `Int64.min` when the log was never pruned.
    static func prunedBefore(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, cachedSQL: "SELECT before FROM logs_pruned WHERE id = 1") ?? .min
    }

    /// `LogsPruned`: drops the rows older than `target` and raises the lower bound. Rollups
    /// (and so statistics) are untouched; totals start at the bound.
    static func prune(before target: Int64, _ db: Database) throws {
        if target > (try prunedBefore(db)) {
            try db.execute(
                sql:
                    "INSERT INTO logs_pruned (id, before) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET before = excluded.before",
                arguments: [target])
        }
        try db.execute(
            sql: "DELETE FROM log_request_ids WHERE log_id IN (SELECT id FROM logs WHERE created_at < ?)",
            arguments: [target])
        try db.execute(
            sql: "DELETE FROM log_details WHERE log_id IN (SELECT id FROM logs WHERE created_at < ?)",
            arguments: [target])
        try db.execute(sql: "DELETE FROM logs WHERE created_at < ?", arguments: [target])
    }
}
