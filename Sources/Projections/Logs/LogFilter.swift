public import GRDB

/// The filters of the log routes (docs/api.md, the search of docs/api.md): nil or 0
/// means "no filter", as the consoles send every filter even when empty.
public struct LogFilter: Sendable {
    /// 0 = every type.
    public var type: Int32 = 0
    /// Inclusive bounds in Unix seconds; 0 = unbounded.
    public var start: Int64 = 0
    public var end: Int64 = 0
    /// The caller's own rows (the `/self` routes).
    public var userID: Int64?
    public var username: TokenQueries.NameMatch?
    /// Exact, as New API matches it.
    public var tokenName: String?
    public var tokenID: Int64?
    public var modelName: TokenQueries.NameMatch?
    public var channelID: Int64 = 0
    public var group: String?
    public var requestID: String?
    /// No row carries an upstream request id (usage reports have none): a non-empty one
    /// matches nothing.
    public var upstreamRequestID: String?
    /// Matched against content, model name and token name (the search routes).
    public var keyword: String?
    /// Only rows with a larger id (the live stream).
    public var afterID: Int64?

    public init() {}
}

/// A filter turned into SQL over `logs`, with the ids its names resolved to.
struct ResolvedLogFilter {
    var clauses: [String] = []
    var arguments = StatementArguments()
    /// Nothing can match (an unknown name): answer empty without a query.
    var matchesNothing = false
    /// The one dimension the filter narrows by and its ids, when the rollups can total it.
    var dimension: (LogDimension, [Int64])? = (.all, [0])
    var start: Int64
    var end: Int64
    var type: Int32

    /// A range of `created_at`; nil bounds are open.
    struct TimeRange {
        var lower: Int64?
        var upper: Int64?
        var upperInclusive = true
    }

    /// The WHERE clause and its arguments: `clauses`, then one range on `created_at` — the
    /// filter's own, or `range` in its place (a part of it). Given two ranges on the column,
    /// SQLite may walk the index over the wider one: a partial hour would read a week of rows.
    func condition(range: TimeRange? = nil) -> (sql: String, arguments: StatementArguments) {
        var all = clauses
        var arguments = self.arguments
        let range = range ?? TimeRange(lower: start > 0 ? start : nil, upper: end > 0 ? end : nil)
        if let lower = range.lower {
            all.append("created_at >= ?")
            arguments += [lower]
        }
        if let upper = range.upper {
            all.append(range.upperInclusive ? "created_at <= ?" : "created_at < ?")
            arguments += [upper]
        }
        return (all.isEmpty ? "" : "WHERE " + all.joined(separator: " AND "), arguments)
    }

    init(_ filter: LogFilter, _ db: Database) throws {
        start = filter.start
        end = filter.end
        type = filter.type
        if filter.type != 0 {
            // The partial index on non-usage rows serves a filter that repeats its condition.
            clauses.append(filter.type == LogType.consume ? "type = 2" : "type = ? AND type <> 2")
            if filter.type != LogType.consume { arguments += [filter.type] }
        }
        if let userID = filter.userID {
            narrow(.user, "user_id", [userID])
        } else if let username = filter.username {
            narrow(.user, "user_id", try Self.ids(db, username, table: "users", column: "username"))
        }
        if let tokenID = filter.tokenID {
            narrow(.token, "token_id", [tokenID])
        }
        if let tokenName = filter.tokenName {
            var sql = "SELECT id FROM tokens WHERE name = ?"
            var arguments: StatementArguments = [tokenName]
            if let userID = filter.userID {
                sql += " AND user_id = ?"
                arguments += [userID]
            }
            narrow(.token, "token_id", try Int64.fetchAll(db, sql: sql, arguments: arguments))
        }
        if let model = filter.modelName {
            narrow(.model, "model_id", try Self.stringIDs(db, .model, model))
        }
        if filter.channelID != 0 { narrow(.channel, "channel_id", [filter.channelID]) }
        if let group = filter.group {
            narrow(.group, "group_id", try InternedString.group.existingID(group, db).map { [$0] } ?? [])
        }
        if let requestID = filter.requestID {
            dimension = nil
            // Usage rows through the dedup table (id = seq × 8), every other row through its hash.
            clauses.append(
                """
                id IN (SELECT log_id FROM log_request_ids WHERE hash = ?
                    UNION ALL SELECT seq * \(LogsProjection.idsPerEvent) FROM usage_requests WHERE key = ?)
                """)
            arguments += [LogsProjection.requestIDHash(requestID), RequestKey.of(requestID)]
        }
        if filter.upstreamRequestID != nil { matchesNothing = true }
        if let keyword = filter.keyword, !keyword.isEmpty {
            dimension = nil
            let pattern = LikePattern.containing(keyword)
            clauses.append(
                """
                (content_id IN (SELECT id FROM log_strings WHERE kind = 3 AND CAST(text AS TEXT) LIKE ? ESCAPE '!')
                OR model_id IN (SELECT id FROM log_strings WHERE kind = 1 AND CAST(text AS TEXT) LIKE ? ESCAPE '!')
                OR token_id IN (SELECT id FROM tokens WHERE name LIKE ? ESCAPE '!'))
                """)
            arguments += [pattern, pattern, pattern]
        }
        if let afterID = filter.afterID {
            dimension = nil
            add("id > ?", afterID)
        }
    }

    private mutating func add(_ clause: String, _ value: some DatabaseValueConvertible) {
        clauses.append(clause)
        arguments += [value]
    }

    /// Restricts `column` to `ids`; a second dimension means the rollups cannot total it.
    private mutating func narrow(_ dim: LogDimension, _ column: String, _ ids: [Int64]) {
        if ids.isEmpty { matchesNothing = true }
        clauses.append(
            ids.count == 1
                ? "\(column) = ?" : "\(column) IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))")
        arguments += StatementArguments(ids)
        if let current = dimension, current.0 == .all {
            dimension = (dim, ids)
        } else {
            dimension = nil
        }
    }

    static func ids(_ db: Database, _ match: TokenQueries.NameMatch, table: String, column: String) throws -> [Int64] {
        switch match {
        case .exact(let text):
            try Int64.fetchAll(db, sql: "SELECT id FROM \(table) WHERE \(column) = ?", arguments: [text])
        case .like(let pattern):
            try Int64.fetchAll(
                db, sql: "SELECT id FROM \(table) WHERE \(column) LIKE ? ESCAPE '!' LIMIT 1000", arguments: [pattern])
        }
    }

    static func stringIDs(_ db: Database, _ kind: InternedString, _ match: TokenQueries.NameMatch) throws -> [Int64] {
        switch match {
        case .exact(let text):
            try kind.existingID(text, db).map { [$0] } ?? []
        case .like(let pattern):
            try Int64.fetchAll(
                db,
                sql: "SELECT id FROM log_strings WHERE kind = ? AND CAST(text AS TEXT) LIKE ? ESCAPE '!' LIMIT 1000",
                arguments: [kind.rawValue, pattern])
        }
    }
}
