public import GRDB

/// Reads of the usage statistics for `/api/data/*` (docs/api.md): hourly or daily
/// buckets per model, per user and model, or per user, from the tables the statistics and
/// logs projections keep in their transactions.
public struct StatisticsQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    /// Which buckets: a time range (inclusive, over the bucket start), whose rows, and the
    /// finer filters only `usage_buckets` can answer.
    public struct Filter: Sendable {
        public var start: Int64 = 0
        public var end: Int64 = 0
        /// nil: every user (grouped by model only); else these users' rows.
        public var userIDs: [Int64]?
        public var tokenID: Int64 = 0
        public var channelID: Int64 = 0
        public var group: String?
        /// Buckets of a day (UTC) instead of an hour.
        public var daily = false

        public init() {}

        var needsFineBuckets: Bool { tokenID != 0 || channelID != 0 || group != nil }
    }

    /// One bucket of `quota_data` as New API returns it, plus the cache tokens.
    public struct Bucket: Sendable, Equatable, FetchableRecord {
        public var userID: Int64
        public var username: String
        public var modelName: String
        public var createdAt: Int64
        public var tokenUsed: Int64
        public var count: Int64
        public var quota: Int64
        public var cacheReadTokens: Int64
        public var cacheWriteTokens: Int64

        public init(row: Row) {
            userID = row["user_id"] ?? 0
            username = row["username"] ?? ""
            modelName = row.text("model_name")
            createdAt = row["bucket"]
            tokenUsed = row["token_used"]
            count = row["count"]
            quota = row["quota"]
            cacheReadTokens = row["cache_read_tokens"] ?? 0
            cacheWriteTokens = row["cache_write_tokens"] ?? 0
        }
    }

    /// Buckets per model (all users) or per user and model, oldest first.
    public func buckets(_ filter: Filter) async throws -> [Bucket] {
        try await reader.read { db in
            if let ids = filter.userIDs, ids.isEmpty { return [] }
            let bucket = filter.daily ? "(b.created_at - b.created_at % 86400)" : "b.created_at"
            var clauses = ["b.created_at >= ?", "b.created_at <= ?"]
            var arguments: StatementArguments = [filter.start, filter.end]
            var table = "usage_models"
            var byUser = false
            if filter.needsFineBuckets {
                table = "usage_buckets"
                if filter.tokenID != 0 {
                    clauses.append("b.token_id = ?")
                    arguments += [filter.tokenID]
                }
                if filter.channelID != 0 {
                    clauses.append("b.channel_id = ?")
                    arguments += [filter.channelID]
                }
                if let group = filter.group {
                    guard let id = try InternedString.group.existingID(group, db) else { return [] }
                    clauses.append("b.group_id = ?")
                    arguments += [id]
                }
            }
            if let ids = filter.userIDs {
                if !filter.needsFineBuckets { table = "quota_data" }
                byUser = true
                clauses.append("b.user_id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))")
                arguments += StatementArguments(ids)
            }
            let userColumns = byUser ? "b.user_id, u.username," : ""
            let userJoin = byUser ? "LEFT JOIN users u ON u.id = b.user_id" : ""
            let groupBy = (byUser ? "b.user_id, " : "") + "b.model_id, bucket"
            return try Bucket.fetchAll(
                db,
                sql: """
                    SELECT \(userColumns) m.text AS model_name, \(bucket) AS bucket, SUM(b.token_used) AS token_used,
                        SUM(b.count) AS count, SUM(b.quota) AS quota, SUM(b.cache_read_tokens) AS cache_read_tokens,
                        SUM(b.cache_write_tokens) AS cache_write_tokens
                    FROM \(table) b LEFT JOIN log_strings m ON m.id = b.model_id \(userJoin)
                    WHERE \(clauses.joined(separator: " AND "))
                    GROUP BY \(groupBy) ORDER BY bucket, model_name
                    """,
                arguments: arguments)
        }
    }

    /// Per-user totals per bucket over a range (`/api/data/users`), grouped by (username,
    /// bucket), oldest first; from the consume rollups, which pruning never lowers.
    public func users(start: Int64, end: Int64, daily: Bool = false) async throws -> [Bucket] {
        try await reader.read { db in
            let bucket = daily ? "(r.hour - r.hour % 86400)" : "r.hour"
            return try Bucket.fetchAll(
                db,
                sql: """
                    SELECT r.value AS user_id, u.username, \(bucket) AS bucket, SUM(r.tokens) AS token_used,
                        SUM(r.count) AS count, SUM(r.quota) AS quota
                    FROM log_rollups r LEFT JOIN users u ON u.id = r.value
                    WHERE r.dim = ? AND r.type = 2 AND r.hour >= ? AND r.hour <= ?
                    GROUP BY r.value, bucket ORDER BY bucket, u.username
                    """,
                arguments: [LogDimension.user.rawValue, start, end])
        }
    }

    /// The ids of users with exactly this username (the admin's `username` filter).
    public func userIDs(username: String) async throws -> [Int64] {
        try await reader.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM users WHERE username = ?", arguments: [username])
        }
    }
}
