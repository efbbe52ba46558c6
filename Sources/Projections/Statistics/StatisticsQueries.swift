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

        init(
            userID: Int64, username: String, modelName: String, createdAt: Int64, sums row: Row, from column: Int
        ) {
            self.userID = userID
            self.username = username
            self.modelName = modelName
            self.createdAt = createdAt
            count = row[column]
            quota = row[column + 1]
            tokenUsed = row[column + 2]
            cacheReadTokens = row[column + 3]
            cacheWriteTokens = row[column + 4]
        }
    }

    /// Buckets per model (all users) or per user and model, oldest first. Hourly buckets of
    /// `quota_data` and `usage_models` are read in primary-key order as stored (no grouping,
    /// no sort); days and the finer filters group in that same order.
    public func buckets(_ filter: Filter) async throws -> [Bucket] {
        try await reader.read { db in
            if let ids = filter.userIDs, ids.isEmpty { return [] }
            var clauses = ["b.created_at >= ?", "b.created_at <= ?"]
            var arguments: StatementArguments = [filter.start, filter.end]
            var table = "usage_models"
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
            var usernames: [Int64: String] = [:]
            if let ids = filter.userIDs {
                if !filter.needsFineBuckets { table = "quota_data" }
                clauses.append("b.user_id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))")
                arguments += StatementArguments(ids)
                for id in ids {
                    usernames[id] = try String.fetchOne(
                        db, sql: "SELECT username FROM users WHERE id = ?", arguments: [id])
                }
            }
            let byUser = filter.userIDs != nil
            let grouped = filter.daily || filter.needsFineBuckets
            let bucket = filter.daily ? "(b.created_at - b.created_at % 86400)" : "b.created_at"
            let keys = (byUser ? "b.user_id, " : "") + "bucket, b.model_id"
            let sums =
                grouped
                ? "SUM(b.count), SUM(b.quota), SUM(b.token_used), SUM(b.cache_read_tokens), SUM(b.cache_write_tokens)"
                : "b.count, b.quota, b.token_used, b.cache_read_tokens, b.cache_write_tokens"
            let sql = """
                SELECT \(byUser ? "b.user_id" : "0"), \(bucket) AS bucket, b.model_id, \(sums) FROM \(table) b
                WHERE \(clauses.joined(separator: " AND "))
                \(grouped ? "GROUP BY \(keys)" : "") ORDER BY \(keys)
                """
            let models = try Self.modelNames(db)
            var buckets: [Bucket] = []
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                let userID: Int64 = row[0]
                buckets.append(
                    Bucket(
                        userID: userID, username: usernames[userID] ?? "", modelName: models[row[2]] ?? "",
                        createdAt: row[1], sums: row, from: 3))
            }
            return buckets
        }
    }

    /// Every interned model name by id (a small table: one row per model ever seen).
    static func modelNames(_ db: Database) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT id, text FROM log_strings WHERE kind = ?", arguments: [InternedString.model.rawValue])
        {
            names[row["id"]] = row.text("text")
        }
        return names
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
