/// The values a usage record's reader passes over without decoding them, checked only as far
/// as Foundation's `JSONDecoder` scanner checked them.
extension UsageRecordReader {

    /// Passes over a value nobody decodes, checking what the scanner checked: the structure,
    /// the nesting depth and the literals; strings only to their closing quote (an escape
    /// skips the byte after the backslash, `\u` the four after it, none a quote); numbers only as a run of
    /// number characters starting with a digit or `-`.
    mutating func skip(depth: Int) throws {
        guard let first = peek else { throw Malformed() }
        switch first {
        case UInt8(ascii: "{"):
            guard depth <= Self.maxDepth else { throw Malformed() }
            index += 1
            try list(close: UInt8(ascii: "}")) { reader in
                guard reader.peek == UInt8(ascii: "\"") else { throw Malformed() }
                try reader.skipString()
                reader.skipSpace()
                guard reader.peek == UInt8(ascii: ":") else { throw Malformed() }
                reader.index += 1
                reader.skipSpace()
                try reader.skip(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            guard depth <= Self.maxDepth else { throw Malformed() }
            index += 1
            try list(close: UInt8(ascii: "]")) { reader in try reader.skip(depth: depth + 1) }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), 0x30...0x39: numberToken()
        default: throw Malformed()
        }
    }

    mutating func skipString() throws {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    index += 2
                    continue
                }
                // The four bytes of `\u` are not checked to be hex, but none may be a quote.
                guard index + 6 <= bytes.count, !bytes[(index + 2)..<(index + 6)].contains(UInt8(ascii: "\""))
                else { throw Malformed() }
                index += 6
            default:
                index += 1
            }
        }
        throw Malformed()
    }

    /// A run of the bytes a number may hold.
    mutating func numberToken() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"),
                UInt8(ascii: "E"):
                index += 1
            default: return
            }
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Malformed() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw Malformed() }
        index += count
    }
}
