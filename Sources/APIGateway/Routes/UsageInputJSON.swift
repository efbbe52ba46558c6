import Ledger
import NIOCore

/// Reads the body of `POST /api/ledger/usage` (one record object or an array of them) and of
/// `/settle` (one record) straight from the request's bytes, without a JSON library (Foundation's
/// `JSONDecoder` cost about 30 ms per 1,000-record batch). Every field is optional here, so that a
/// missing field meets the record's own rules (`UsageValidation`); a field of the wrong type
/// refuses the batch naming the record's index and the field; a body that is not JSON refuses
/// the whole body. It reads exactly what `JSONDecoder` read over the same fields, down to its
/// leniencies (`UsageBodyTests` holds the cases), except that the body must be UTF-8.
enum UsageBody {
    static let malformed = "the body must be a usage record or an array of usage records (JSON)"

    static func records(_ buffer: ByteBuffer) throws -> [UsageInput] {
        try read(buffer, batch: true)
    }

    /// One record (settle): the same fields, the same refusals, index 0.
    static func record(_ buffer: ByteBuffer) throws -> UsageInput {
        try read(buffer, batch: false)[0]
    }

    private static func read(_ buffer: ByteBuffer, batch: Bool) throws -> [UsageInput] {
        let outcome = buffer.withUnsafeReadableBytes { raw in
            var reader = UsageRecordReader(bytes: raw.assumingMemoryBound(to: UInt8.self))
            return reader.read(batch: batch)
        }
        switch outcome {
        case .success(let records): return records
        case .failure(let refusal): throw APIError.refused(refusal.message)
        }
    }
}

/// Why a usage body was refused: not well-formed JSON, or the first record (in order) with a
/// value of the wrong type, at its first such field in `UsageField` order.
enum UsageBodyRefusal: Error {
    case malformed
    case notAnObject(record: Int)
    case mistyped(record: Int, field: UsageField)

    var message: String {
        switch self {
        case .malformed: UsageBody.malformed
        case .notAnObject(let record): "record \(record): must be a JSON object"
        case .mistyped(let record, let field): "record \(record): \(field.name) must be \(field.kind)"
        }
    }
}

/// The fields of a usage record, in the order their types are checked.
enum UsageField: Int, CaseIterable {
    case requestID, userID, tokenID, channelID, modelName, group, promptTokens, completionTokens, quota, useTime
    case isStream, ip, content, other, createdAt

    static let names: [[UInt8]] = [
        "request_id", "user_id", "token_id", "channel_id", "model_name", "group", "prompt_tokens",
        "completion_tokens", "quota", "use_time", "is_stream", "ip", "content", "other", "created_at",
    ].map { Array($0.utf8) }

    var name: String { String(decoding: Self.names[rawValue], as: UTF8.self) }

    var kind: String {
        switch self {
        case .isStream: "a boolean"
        case .requestID, .modelName, .group, .ip, .content, .other: "a string"
        default: "an integer"
        }
    }

    /// The field a key names (keys are compared after their escapes are decoded).
    static func named(_ key: UnsafeBufferPointer<UInt8>) -> UsageField? {
        // Dispatch on length first, then on the first byte.
        switch (key.count, key.first ?? 0) {
        case (2, _): return names[UsageField.ip.rawValue].elementsEqual(key) ? .ip : nil
        case (5, UInt8(ascii: "g")): return names[UsageField.group.rawValue].elementsEqual(key) ? .group : nil
        case (5, UInt8(ascii: "q")): return names[UsageField.quota.rawValue].elementsEqual(key) ? .quota : nil
        case (5, UInt8(ascii: "o")): return names[UsageField.other.rawValue].elementsEqual(key) ? .other : nil
        default: break
        }
        for field in allCases where names[field.rawValue].count == key.count {
            if names[field.rawValue].elementsEqual(key) { return field }
        }
        return nil
    }
}

/// A one-pass JSON reader specialised to usage records, reading what Foundation's `JSONDecoder`
/// read: the record's keys and the values of its fields strictly (escapes, surrogate pairs,
/// UTF-8, JSON's number grammar); a field's first occurrence counts; other values only as far
/// as `JSONDecoder`'s scanner checked them (`skip`); trailing commas allowed; at most 512
/// levels of nesting; a UTF-8 byte order mark at the start reads as a single record.
struct UsageRecordReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// The first type error in decoding order, kept while the rest of the body is still read
    /// (a body that is not JSON wins, as it did with `JSONDecoder`).
    var mistyped: UsageBodyRefusal?
    /// Scratch space for strings with escapes.
    var scratch: [UInt8] = []
    static let maxDepth = 512

    struct Malformed: Error {}

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func read(batch: Bool) -> Result<[UsageInput], UsageBodyRefusal> {
        var records: [UsageInput] = []
        var batch = batch
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
            batch = false
        }
        do {
            skipSpace()
            if batch, peek == UInt8(ascii: "[") {
                index += 1
                records.reserveCapacity(bytes.count / 256)
                try list(close: UInt8(ascii: "]")) { reader in
                    try reader.element(records.count, depth: 2, into: &records)
                }
            } else {
                try element(0, depth: 1, into: &records)
            }
            skipSpace()
            guard index == bytes.count else { throw Malformed() }
        } catch {
            return .failure(.malformed)
        }
        if let mistyped { return .failure(mistyped) }
        return .success(records)
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The items of an array or object after its opening byte, up to `close`: one `item` each,
    /// separated by commas, a trailing comma allowed, an empty list allowed.
    mutating func list(close: UInt8, _ item: (inout UsageRecordReader) throws -> Void) throws {
        skipSpace()
        if peek == close {
            index += 1
            return
        }
        while true {
            skipSpace()
            try item(&self)
            skipSpace()
            guard let byte = peek else { throw Malformed() }
            index += 1
            if byte == close { return }
            guard byte == UInt8(ascii: ",") else { throw Malformed() }
            skipSpace()
            if peek == close {
                index += 1
                return
            }
        }
    }

    /// One record: an object, or anything else (a type error at its index).
    private mutating func element(_ position: Int, depth: Int, into records: inout [UsageInput]) throws {
        guard peek == UInt8(ascii: "{") else {
            try skip(depth: depth)
            if mistyped == nil { mistyped = .notAnObject(record: position) }
            records.append(UsageInput())
            return
        }
        index += 1
        var input = UsageInput()
        var seen: UInt16 = 0
        var wrong: UInt16 = 0
        try list(close: UInt8(ascii: "}")) { reader in
            guard reader.peek == UInt8(ascii: "\"") else { throw Malformed() }
            let field = try reader.key()
            reader.skipSpace()
            guard reader.peek == UInt8(ascii: ":") else { throw Malformed() }
            reader.index += 1
            reader.skipSpace()
            guard let field, seen & (1 << field.rawValue) == 0 else { return try reader.skip(depth: depth + 1) }
            seen |= 1 << field.rawValue
            if try !reader.value(of: field, into: &input, depth: depth + 1) { wrong |= 1 << field.rawValue }
        }
        if wrong != 0, mistyped == nil, let field = UsageField(rawValue: wrong.trailingZeroBitCount) {
            mistyped = .mistyped(record: position, field: field)
        }
        records.append(input)
    }

    /// A record's key, read strictly, and the field it names (nil: one records do not have).
    private mutating func key() throws -> UsageField? {
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"),
            bytes[end] >= 0x20, bytes[end] < 0x80
        {
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            index = end + 1
            return UsageField.named(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
        var text = try string()
        return text.withUTF8 { UsageField.named($0) }
    }

    /// Reads `field`'s value into `input`; false when it is of the wrong type.
    private mutating func value(of field: UsageField, into input: inout UsageInput, depth: Int) throws -> Bool {
        guard let first = peek else { throw Malformed() }
        if first == UInt8(ascii: "n") {
            try literal("null")
            input.reset(field)
            return true
        }
        switch field {
        case .requestID, .modelName, .group, .ip, .content, .other:
            guard first == UInt8(ascii: "\"") else { break }
            input.set(field, text: try string())
            return true
        case .isStream:
            guard first == UInt8(ascii: "t") || first == UInt8(ascii: "f") else { break }
            input.isStream = first == UInt8(ascii: "t")
            try literal(input.isStream ? "true" : "false")
            return true
        default:
            guard first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) else { break }
            let start = index
            numberToken()
            guard let number = Self.integer(UnsafeBufferPointer(rebasing: bytes[start..<index])) else { return false }
            input.set(field, integer: number)
            return true
        }
        try skip(depth: depth)
        return false
    }

    // MARK: - Values decoded

    /// A string, its escapes decoded; not valid UTF-8, a raw control character, a bad escape or
    /// a lone surrogate is malformed.
    private mutating func string() throws -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return try Self.text(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try scratch.withUnsafeBufferPointer { try Self.text($0) }
            case UInt8(ascii: "\\"):
                try escape()
            case 0..<0x20:
                throw Malformed()
            default:
                scratch.append(byte)
            }
        }
        throw Malformed()
    }

    private static func text(_ utf8: UnsafeBufferPointer<UInt8>) throws -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw Malformed() }
        return text
    }

    /// One escape after its backslash, appended to `scratch` as UTF-8.
    private mutating func escape() throws {
        guard let byte = peek else { throw Malformed() }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if scalar >= 0xD800, scalar < 0xDC00 {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw Malformed() }
                index += 2
                let low = try hex4()
                guard low >= 0xDC00, low < 0xE000 else { throw Malformed() }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00, scalar < 0xE000 {
                throw Malformed()
            }
            guard let unicode = Unicode.Scalar(scalar), let encoded = UTF8.encode(unicode) else { throw Malformed() }
            scratch.append(contentsOf: encoded)
        default:
            throw Malformed()
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Malformed() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw Malformed()
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The Int64 `JSONDecoder` read from a number token, nil where it threw: a plain integer
    /// exactly; any other number through `strtod`, which must give a whole Double in Int64's
    /// range, taken as is below 2^53 and above that as the decimal text without its fraction.
    static func integer(_ token: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let shape = NumberShape(token) else { return nil }
        if shape.plain { return shape.integerPart(scale: 0) }
        guard let double = Double(String(decoding: token, as: UTF8.self)), let whole = Int64(exactly: double)
        else { return nil }
        if double.magnitude < 9_007_199_254_740_992 { return whole }
        return shape.integerPart(scale: shape.exponent)
    }
}
