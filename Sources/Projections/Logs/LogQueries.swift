public import GRDB

/// A row of `logs`, as New API names its columns.
public struct LogRecord: Codable, Sendable, Equatable, FetchableRecord {
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public var id: Int64
    public var userId: Int64
    public var createdAt: Int64
    public var type: Int32
    public var content: String
    public var username: String
    public var tokenName: String
    public var modelName: String
    public var quota: Int64
    public var promptTokens: Int64
    public var completionTokens: Int64
    public var useTime: Int64
    public var isStream: Bool
    public var channelId: Int64
    public var tokenId: Int64
    public var group: String
    public var ip: String
    public var requestId: String
    public var other: String
}

/// Minimal reads of `logs` until the log routes arrive: a user's entries, newest first.
public struct LogQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    public func entries(userID: Int64? = nil, type: Int32? = nil, limit: Int = 100) async throws -> [LogRecord] {
        try await reader.read { db in
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let userID { clauses.append("user_id = ?"); arguments += [userID] }
            if let type { clauses.append("type = ?"); arguments += [type] }
            arguments += [limit]
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try LogRecord.fetchAll(
                db, sql: "SELECT * FROM logs \(whereSQL) ORDER BY created_at DESC, id DESC LIMIT ?", arguments: arguments)
        }
    }
}
