public import GRDB

/// Reads of `users` for the gateway: auth lookups, single users, the admin list and search.
public struct UserQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    /// A page of rows and the count of every row the filter matches.
    public struct Page: Sendable {
        public var items: [UserRecord]
        public var total: Int
    }

    /// Filters of the admin search (docs/api.md, Users (admin)).
    public struct Search: Sendable {
        public var keyword = ""
        public var group = ""
        public var role: Int32?
        /// nil: every non-deleted user; -1: only soft-deleted; else that status among non-deleted users.
        public var status: Int32?
        /// With `status` nil, soft-deleted users too: the admin list shows them, a search hides
        /// them as New API's default scope does.
        public var includesDeleted = false
        public init() {}
    }

    /// A user by id, soft-deleted ones included.
    public func user(id: Int64) async throws -> UserRecord? {
        try await reader.read { db in
            try UserRecord.fetchOne(db, cachedSQL: "SELECT * FROM users WHERE id = ?", arguments: [id])
        }
    }

    /// The non-deleted user whose username, or else email, is `name` (login accepts both).
    public func user(login name: String) async throws -> UserRecord? {
        try await reader.read { db in
            let live = UserRecord.filter(UserRecord.Columns.deletedAt == nil)
            if let user = try live.filter(UserRecord.Columns.username == name).fetchOne(db) { return user }
            guard !name.isEmpty else { return nil }
            return try live.filter(UserRecord.Columns.email == name.lowercased()).fetchOne(db)
        }
    }

    /// Whether any user, soft-deleted ones included, has this (lower-cased) e-mail.
    public func emailTaken(_ email: String) async throws -> Bool {
        try await reader.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM users WHERE email = ?)", arguments: [email])
                ?? false
        }
    }

    /// How many users that are not deleted have this (lower-cased) e-mail.
    public func liveUsers(email: String) async throws -> Int {
        try await reader.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM users WHERE email = ? AND deleted_at IS NULL", arguments: [email]) ?? 0
        }
    }

    /// The user holding the access token with this SHA-256 (hex).
    public func user(accessTokenSHA256 hash: String) async throws -> UserRecord? {
        try await reader.read { db in
            try UserRecord.fetchOne(db, cachedSQL: "SELECT * FROM users WHERE access_token = ?", arguments: [hash])
        }
    }

    /// All users, soft-deleted included, sorted as `sort_by` / `sort_order` ask.
    public func list(offset: Int, limit: Int, sortBy: String, ascending: Bool) async throws -> Page {
        var everyone = Search()
        everyone.includesDeleted = true
        return try await page(everyone, offset: offset, limit: limit, sortBy: sortBy, ascending: ascending)
    }

    public func page(_ search: Search, offset: Int, limit: Int, sortBy: String, ascending: Bool) async throws -> Page {
        let (whereSQL, arguments) = Self.filter(search)
        let order = Self.order(sortBy: sortBy, ascending: ascending)
        return try await reader.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users \(whereSQL)", arguments: arguments) ?? 0
            var pageArguments = arguments
            pageArguments += [limit, offset]
            let items = try UserRecord.fetchAll(
                db, sql: "SELECT * FROM users \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: pageArguments)
            return Page(items: items, total: total)
        }
    }

    static func filter(_ search: Search) -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if !search.keyword.isEmpty {
            let pattern = "%" + search.keyword + "%"
            if let id = Int64(search.keyword) {
                clauses.append("(id = ? OR username LIKE ? OR email LIKE ? OR display_name LIKE ?)")
                arguments += [id, pattern, pattern, pattern]
            } else {
                clauses.append("(username LIKE ? OR email LIKE ? OR display_name LIKE ?)")
                arguments += [pattern, pattern, pattern]
            }
        }
        if !search.group.isEmpty {
            clauses.append(#""group" = ?"#)
            arguments += [search.group]
        }
        if let role = search.role {
            clauses.append("role = ?")
            arguments += [role]
        }
        if let status = search.status {
            if status == -1 {
                clauses.append("deleted_at IS NOT NULL")
            } else {
                clauses.append("status = ? AND deleted_at IS NULL")
                arguments += [status]
            }
        } else if !search.includesDeleted {
            clauses.append("deleted_at IS NULL")
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// `sort_by` among id, username, quota, group, created_at, last_login_at; else `id desc`.
    static func order(sortBy: String, ascending: Bool) -> String {
        let columns = [
            "id": "id", "username": "username", "quota": "quota", "group": #""group""#,
            "created_at": "created_at", "last_login_at": "last_login_at",
        ]
        guard let column = columns[sortBy] else { return "id DESC" }
        let direction = ascending ? "ASC" : "DESC"
        return column == "id" ? "id \(direction)" : "\(column) \(direction), id DESC"
    }
}
