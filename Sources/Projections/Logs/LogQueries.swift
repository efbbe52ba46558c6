import Foundation
public import GRDB

/// Reads of the log read model for the log routes: pages, totals from the rollups, the
/// `/stat` figures, keyset pages for exports and the rows after an id for the live stream.
public struct LogQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    public struct Page: Sendable {
        public var items: [LogRecord]
        public var total: Int
    }

    /// One page, newest first (`created_at desc, id desc`), and the total the filter matches.
    public func list(_ filter: LogFilter, offset: Int, limit: Int) async throws -> Page {
        try await reader.read { db in
            let resolved = try ResolvedLogFilter(filter, db)
            if resolved.matchesNothing { return Page(items: [], total: 0) }
            let items = try Self.fetch(
                db, resolved, order: "created_at DESC, id DESC", limit: limit, offset: offset)
            let total = try LogTotals.sums(resolved, db, countOnly: true).count
            return Page(items: items, total: Int(total))
        }
    }

    /// The `/stat` figures (docs/api.md): quota of the consume rows over the filter's
    /// range; requests and tokens of the consume rows of the 60 seconds up to `now` (rows
    /// dated after `now` are left out, so the window stays 60 seconds of rows).
    public func stat(_ filter: LogFilter, now: Int64) async throws -> (quota: Int64, rpm: Int64, tpm: Int64) {
        var ranged = filter
        ranged.type = LogType.consume
        var recent = ranged
        recent.start = now - 60
        recent.end = now
        return try await reader.read { [ranged, recent] db in
            let quota = try LogTotals.sums(ResolvedLogFilter(ranged, db), db).quota
            let last = try LogTotals.rows(ResolvedLogFilter(recent, db), db)
            return (quota, last.count, last.tokens)
        }
    }

    /// A keyset page for exports: the rows strictly older than `before` (`created_at`, `id`),
    /// newest first. Memory stays one page however many rows match.
    public func page(_ filter: LogFilter, before: (createdAt: Int64, id: Int64)?, limit: Int) async throws
        -> [LogRecord]
    {
        try await reader.read { db in
            var resolved = try ResolvedLogFilter(filter, db)
            if resolved.matchesNothing { return [] }
            if let before {
                resolved.clauses.append("(created_at < ? OR (created_at = ? AND id < ?))")
                resolved.arguments += [before.createdAt, before.createdAt, before.id]
            }
            return try Self.fetch(db, resolved, order: "created_at DESC, id DESC", limit: limit, offset: 0)
        }
    }

    /// The rows with ids above `filter.afterID`, oldest first (the live stream).
    public func after(_ filter: LogFilter, limit: Int) async throws -> [LogRecord] {
        try await reader.read { db in
            let resolved = try ResolvedLogFilter(filter, db)
            if resolved.matchesNothing { return [] }
            return try Self.fetch(db, resolved, order: "id ASC", limit: limit, offset: 0)
        }
    }

    /// The largest row id, 0 when the log is empty: where a new live stream starts.
    public func lastID() async throws -> Int64 {
        try await reader.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM logs") ?? 0 }
    }

    /// A user's entries (or every user's), newest first, without their ledger details.
    public func entries(userID: Int64? = nil, type: Int32? = nil, limit: Int = 100) async throws -> [LogRecord] {
        var filter = LogFilter()
        filter.userID = userID
        filter.type = type ?? 0
        return try await list(filter, offset: 0, limit: limit).items
    }

    /// How many rows are older than `target` (what pruning at `target` deletes).
    static func count(before target: Int64, _ db: Database) throws -> Int64 {
        if target <= 1 { return 0 }
        var filter = LogFilter()
        filter.end = target - 1
        return try LogTotals.sums(ResolvedLogFilter(filter, db), db, countOnly: true).count
    }

    private static func fetch(
        _ db: Database, _ filter: ResolvedLogFilter, order: String, limit: Int, offset: Int
    ) throws -> [LogRecord] {
        var (whereSQL, arguments) = filter.condition()
        arguments += [limit, offset]
        let outerOrder = order.split(separator: ",").map { "l." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
        return try LogRecord.fetchAll(
            db,
            sql: """
                SELECT \(LogRecord.joinedColumns)
                FROM (SELECT * FROM logs \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?) l
                \(LogRecord.joins)
                ORDER BY \(outerOrder)
                """,
            arguments: arguments)
    }
}
