import Foundation
import GRDB

/// A New API or One API SQLite database opened read-only for `oneledger import`: which of the
/// tables it has, their row counts, and their rows a page at a time by primary key.
struct ImportSource: Sendable {
    let database: DatabaseQueue
    /// "new-api" or "one-api", told apart by the columns only New API has.
    let flavour: String
    let file: String

    /// The tables an import reads, in the order it writes them.
    static let tables = ["options", "users", "tokens", "channels", "abilities", "redemptions", "logs", "quota_data"]

    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ImportError.sourceMissing(path) }
        var configuration = Configuration()
        configuration.readonly = true
        database = try DatabaseQueue(path: path, configuration: configuration)
        file = URL(fileURLWithPath: path).lastPathComponent
        let columns = try database.read { db in
            try db.tableExists("users") ? try db.columns(in: "users").map(\.name) : []
        }
        guard !columns.isEmpty else { throw ImportError.notNewAPI(path) }
        flavour = columns.contains("setting") || columns.contains("linux_do_id") ? "new-api" : "one-api"
    }

    /// Each table the source has, with its row count.
    func counts() async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for table in Self.tables where try db.tableExists(table) {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }

    /// Up to `limit` rows of `table` after rowid `after`, in rowid order, with their rowids.
    func page(_ table: String, after: Int64, limit: Int) async throws -> [(rowid: Int64, row: Row)] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT rowid AS _rowid, * FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT ?",
                arguments: [after, limit]
            ).map { ($0["_rowid"] as Int64, $0) }
        }
    }
}

/// Why an import could not start or had to stop; nothing it wrote remains.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    case sourceMissing(String)
    case notNewAPI(String)
    case notFresh(String)

    public var description: String {
        switch self {
        case .sourceMissing(let path): "no database at \(path)"
        case .notNewAPI(let path): "\(path) has no users table: not a New API or One API database"
        case .notFresh(let path): "\(path) is not empty: import into a fresh data folder"
        }
    }
}

/// Reads one source row's columns by name, tolerating absent columns (their default) and
/// New API's loose SQLite typing, and refusing values that are not what the column holds.
struct SourceRow {
    let row: Row

    /// A value that does not fit its column: the row is refused with this reason.
    struct Refusal: Error {
        var reason: String
    }

    func int(_ column: String, default value: Int64 = 0) throws(Refusal) -> Int64 {
        guard row.hasColumn(column) else { return value }
        let v = row[column] as DatabaseValue
        switch v.storage {
        case .null: return value
        case .int64(let n): return n
        case .double(let d): if d.rounded() == d, abs(d) < 9e18 { return Int64(d) }
        case .string(let s):
            if let n = Int64(s.trimmingCharacters(in: .whitespaces)) { return n }
            if s == "true" { return 1 }
            if s == "false" { return 0 }
        case .blob: break
        }
        throw Refusal(reason: "\(column) is not an integer")
    }

    func int32(_ column: String, default value: Int32 = 0) throws(Refusal) -> Int32 {
        let n = try int(column, default: Int64(value))
        guard let small = Int32(exactly: n) else { throw Refusal(reason: "\(column) is out of range") }
        return small
    }

    func bool(_ column: String) throws(Refusal) -> Bool { try int(column) != 0 }

    func double(_ column: String) throws(Refusal) -> Double {
        guard row.hasColumn(column) else { return 0 }
        let v = row[column] as DatabaseValue
        switch v.storage {
        case .null: return 0
        case .int64(let n): return Double(n)
        case .double(let d): return d
        case .string(let s): if let d = Double(s) { return d }
        case .blob: break
        }
        throw Refusal(reason: "\(column) is not a number")
    }

    func string(_ column: String, default value: String = "") -> String {
        guard row.hasColumn(column) else { return value }
        let v = row[column] as DatabaseValue
        switch v.storage {
        case .null: return value
        case .string(let s): return s
        case .int64(let n): return String(n)
        case .double(let d): return String(d)
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        }
    }

    /// A quota-like amount: refused outside ±10^15, as every quota OneLedger takes.
    func quota(_ column: String) throws(Refusal) -> Int64 {
        let n = try int(column)
        guard abs(n) <= 1_000_000_000_000_000 else { throw Refusal(reason: "\(column) is out of range") }
        return n
    }
}
