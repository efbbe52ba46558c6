public import GRDB

/// Reads of `redemptions` for the admin routes; soft-deleted rows never appear.
public struct RedemptionQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    public struct Page: Sendable {
        public var items: [RedemptionRecord]
        public var total: Int
    }

    /// Filters of `GET /api/redemption/search`.
    public struct Search: Sendable {
        /// Numeric: id or name prefix; else name prefix. Empty: any.
        public var keyword = ""
        /// "", "1", "2", "3" or "expired".
        public var status = ""
        public init() {}
    }

    public func redemption(id: Int64) async throws -> RedemptionRecord? {
        try await reader.read { db in
            try RedemptionRecord.fetchOne(
                db, sql: "SELECT * FROM redemptions WHERE id = ? AND deleted_at IS NULL", arguments: [id])
        }
    }

    /// Live codes matching `search` at `now` (Unix seconds), newest first.
    public func page(_ search: Search, now: Int64, offset: Int, limit: Int) async throws -> Page {
        var clauses = ["deleted_at IS NULL"]
        var arguments: StatementArguments = []
        if !search.keyword.isEmpty {
            let prefix = LikePattern.escaped(search.keyword) + "%"
            if let id = Int64(search.keyword) {
                clauses.append("(id = ? OR name LIKE ? ESCAPE '!')")
                arguments += [id, prefix]
            } else {
                clauses.append("name LIKE ? ESCAPE '!'")
                arguments += [prefix]
            }
        }
        switch search.status {
        case "expired":
            clauses.append("status = 1 AND expired_time != 0 AND expired_time < ?")
            arguments += [now]
        case "1":
            clauses.append("status = 1 AND (expired_time = 0 OR expired_time >= ?)")
            arguments += [now]
        case "2", "3":
            clauses.append("status = ?")
            arguments += [Int(search.status) ?? 0]
        default: break
        }
        let whereSQL = "WHERE " + clauses.joined(separator: " AND ")
        let pageArguments = arguments + [limit, offset]
        let countArguments = arguments
        return try await reader.read { db in
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM redemptions \(whereSQL)", arguments: countArguments)
                ?? 0
            let items = try RedemptionRecord.fetchAll(
                db, sql: "SELECT * FROM redemptions \(whereSQL) ORDER BY id DESC LIMIT ? OFFSET ?",
                arguments: pageArguments)
            return Page(items: items, total: total)
        }
    }
}
