public import GRDB

/// Reads of `tokens` for the gateway. Every read is scoped to one owner and skips soft-deleted
/// rows, so no query can hand a user someone else's token.
public struct TokenQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    public struct Page: Sendable {
        public var items: [TokenRecord]
        public var total: Int
    }

    /// How a search matches names: exactly, or by a LIKE pattern (escape `!`).
    public enum NameMatch: Sendable {
        case exact(String)
        case like(String)
    }

    /// The owner's live token with this id, or nil (missing, deleted or someone else's alike).
    public func token(id: Int64, userID: Int64) async throws -> TokenRecord? {
        try await reader.read { db in
            try TokenRecord.fetchOne(
                db, sql: "SELECT * FROM tokens WHERE id = ? AND user_id = ? AND deleted_at IS NULL",
                arguments: [id, userID])
        }
    }

    /// The owner's live tokens, newest first.
    public func list(userID: Int64, offset: Int, limit: Int) async throws -> Page {
        try await search(userID: userID, name: nil, fingerprint: nil, offset: offset, limit: limit)
    }

    /// The owner's live tokens whose name matches and (when given) whose key has the fingerprint.
    public func search(userID: Int64, name: NameMatch?, fingerprint: String?, offset: Int, limit: Int) async throws
        -> Page
    {
        var clauses = ["user_id = ?", "deleted_at IS NULL"]
        var arguments: StatementArguments = [userID]
        switch name {
        case .exact(let text):
            clauses.append("name = ?")
            arguments += [text]
        case .like(let pattern):
            clauses.append("name LIKE ? ESCAPE '!'")
            arguments += [pattern]
        case nil: break
        }
        if let fingerprint {
            clauses.append("key_fingerprint = ?")
            arguments += [fingerprint]
        }
        let whereSQL = "WHERE " + clauses.joined(separator: " AND ")
        let pageArguments = arguments + [limit, offset]
        let countArguments = arguments
        return try await reader.read { db in
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tokens \(whereSQL)", arguments: countArguments) ?? 0
            let items = try TokenRecord.fetchAll(
                db, sql: "SELECT * FROM tokens \(whereSQL) ORDER BY id DESC LIMIT ? OFFSET ?", arguments: pageArguments)
            return Page(items: items, total: total)
        }
    }

    /// How many live tokens the user holds.
    public func count(userID: Int64) async throws -> Int {
        try await reader.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM tokens WHERE user_id = ? AND deleted_at IS NULL", arguments: [userID])
                ?? 0
        }
    }
}
