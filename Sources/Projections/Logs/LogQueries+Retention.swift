import GRDB

/// What the log retention service asks before it prunes.
extension LogQueries {
    /// How many log rows are older than `target` (Unix seconds).
    public func count(before target: Int64) async throws -> Int64 {
        try await reader.read { db in try Self.count(before: target, db) }
    }
}
