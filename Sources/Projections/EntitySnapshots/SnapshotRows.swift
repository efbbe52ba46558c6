import Foundation
import GRDB

/// The rows an entity snapshot keeps, as one blob: for each of the kind's tables in turn, its
/// row count, then each row as (column name, value) pairs. Values keep SQLite's own storage
/// class (integers and doubles bit for bit, text, blobs, NULL), so a restored row is the row
/// that was read; names make a restore independent of the column order.
enum SnapshotRows {
    /// The rows of each table, in the kind's table order.
    static func encode(_ tables: [[Row]]) -> Data {
        var data = Data()
        for rows in tables {
            varint(UInt64(rows.count), &data)
            for row in rows {
                varint(UInt64(row.count), &data)
                for (column, value) in row {
                    bytes(Array(column.utf8), &data)
                    switch value.storage {
                    case .null: data.append(0)
                    case .int64(let int):
                        data.append(1)
                        word(UInt64(bitPattern: int), &data)
                    case .double(let double):
                        data.append(2)
                        word(double.bitPattern, &data)
                    case .string(let string):
                        data.append(3)
                        bytes(Array(string.utf8), &data)
                    case .blob(let blob):
                        data.append(4)
                        bytes(Array(blob), &data)
                    }
                }
            }
        }
        return data
    }

    /// The rows of `encode`, `tables` tables of them, each row as its columns and values.
    static func decode(_ data: Data, tables: Int) throws -> [[[(String, DatabaseValue)]]] {
        var reader = Reader(buffer: Array(data))
        var result: [[[(String, DatabaseValue)]]] = []
        for _ in 0..<tables {
            var rows: [[(String, DatabaseValue)]] = []
            for _ in 0..<(try reader.varint()) {
                var row: [(String, DatabaseValue)] = []
                for _ in 0..<(try reader.varint()) {
                    let name = String(decoding: try reader.bytes(), as: UTF8.self)
                    let value: DatabaseValue
                    switch try reader.byte() {
                    case 0: value = .null
                    case 1: value = Int64(bitPattern: try reader.word()).databaseValue
                    case 2: value = Double(bitPattern: try reader.word()).databaseValue
                    case 3: value = String(decoding: try reader.bytes(), as: UTF8.self).databaseValue
                    case 4: value = Data(try reader.bytes()).databaseValue
                    default: throw ProjectionError.corruptSnapshot
                    }
                    row.append((name, value))
                }
                rows.append(row)
            }
            result.append(rows)
        }
        guard reader.atEnd else { throw ProjectionError.corruptSnapshot }
        return result
    }

    private static func varint(_ value: UInt64, _ data: inout Data) {
        var value = value
        while value >= 0x80 {
            data.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        data.append(UInt8(value))
    }

    private static func word(_ value: UInt64, _ data: inout Data) {
        for shift in stride(from: 0, to: 64, by: 8) { data.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func bytes(_ bytes: [UInt8], _ data: inout Data) {
        varint(UInt64(bytes.count), &data)
        data.append(contentsOf: bytes)
    }

    private struct Reader {
        let buffer: [UInt8]
        var position = 0

        var atEnd: Bool { position == buffer.count }

        mutating func byte() throws -> UInt8 {
            guard position < buffer.count else { throw ProjectionError.corruptSnapshot }
            position += 1
            return buffer[position - 1]
        }

        mutating func varint() throws -> Int {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                guard shift < 63 else { throw ProjectionError.corruptSnapshot }
                value |= UInt64(next & 0x7f) << shift
                if next < 0x80 { break }
                shift += 7
            }
            guard value <= UInt64(buffer.count) else { throw ProjectionError.corruptSnapshot }
            return Int(value)
        }

        mutating func word() throws -> UInt64 {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(try byte()) << UInt64(shift) }
            return value
        }

        mutating func bytes() throws -> [UInt8] {
            let count = try varint()
            guard position + count <= buffer.count else { throw ProjectionError.corruptSnapshot }
            position += count
            return Array(buffer[(position - count)..<position])
        }
    }
}
