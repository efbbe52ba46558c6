import Foundation
public import GRDB

/// Digests of read-model tables and their row differences, for `oneledger replay --check`:
/// two databases that folded the same events have the same rows, so the same digests.
extension ReadModels {
    /// Every read-model table, in the order the projections apply events (meta tables left out).
    public static var tableNames: [String] { AllProjections.list.flatMap { $0.tables } }

    /// A table's row count and a 64-bit FNV-1a digest of its rows in content order.
    public struct TableDigest: Sendable, Equatable {
        public var rows: Int
        public var digest: UInt64

        public var hex: String {
            let digits = String(digest, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
    }

    /// The digest of every table of `tables` in the database at `path` (read only; the file must exist).
    public static func digests(path: String, tables: [String] = tableNames) throws -> [String: TableDigest] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            var result: [String: TableDigest] = [:]
            for table in tables { result[table] = try digest(db, table: table) }
            return result
        }
    }

    static func digest(_ db: Database, table: String) throws -> TableDigest {
        let columns = try db.columns(in: table).count
        let order = (1...max(columns, 1)).map(String.init).joined(separator: ", ")
        var hash = FNV1a()
        var rows = 0
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(order)")
        while let row = try cursor.next() {
            rows += 1
            for value in row.databaseValues {
                switch value.storage {
                case .null: hash.add(0)
                case .int64(let int):
                    hash.add(1)
                    hash.add(word: UInt64(bitPattern: int))
                case .double(let double):
                    hash.add(2)
                    hash.add(word: double.bitPattern)
                case .string(let string):
                    hash.add(3)
                    hash.add(word: UInt64(string.utf8.count))
                    for byte in string.utf8 { hash.add(byte) }
                case .blob(let data):
                    hash.add(4)
                    hash.add(word: UInt64(data.count))
                    for byte in data { hash.add(byte) }
                }
            }
        }
        return TableDigest(rows: rows, digest: hash.value)
    }

    /// The rows of `table` that differ between the databases at `live` and `rebuilt`: those
    /// only in the live one, those only in the rebuilt one (each at most `limit`, as text),
    /// and how many of each there are in all.
    public static func differences(live: String, rebuilt: String, table: String, limit: Int) throws
        -> (onlyLive: [String], onlyRebuilt: [String], liveCount: Int, rebuiltCount: Int)
    {
        let queue = try DatabaseQueue(path: live)
        defer { try? queue.close() }
        return try queue.inDatabase { db in
            try db.execute(sql: "ATTACH DATABASE ? AS rebuilt", arguments: [rebuilt])
            defer { try? db.execute(sql: "DETACH DATABASE rebuilt") }
            func side(_ a: String, _ b: String) throws -> ([String], Int) {
                let query = "SELECT * FROM \(a).\(table) EXCEPT SELECT * FROM \(b).\(table)"
                let rows = try Row.fetchAll(db, sql: query + " LIMIT ?", arguments: [limit]).map(\.description)
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(query))") ?? 0
                return (rows, count)
            }
            let (onlyLive, liveCount) = try side("main", "rebuilt")
            let (onlyRebuilt, rebuiltCount) = try side("rebuilt", "main")
            return (onlyLive, onlyRebuilt, liveCount, rebuiltCount)
        }
    }
}

/// 64-bit FNV-1a: fast, and enough to tell two tables apart (the rows that differ are then
/// found by SQL, not by the digest).
struct FNV1a {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    mutating func add(word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
}
