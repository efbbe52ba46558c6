/// The `other` JSON object a relay reports with a usage record, read without a JSON library:
/// one pass over the bytes checks that it is one JSON object and picks the integer values of
/// the top-level `cache_tokens` and `cache_creation_tokens` keys. Decide reads it once, so
/// apply never parses JSON.
public struct UsageOther: Sendable, Equatable {
    public var cacheTokens: Int64 = 0
    public var cacheCreationTokens: Int64 = 0

    /// Parses `text`; nil when it is not a single JSON object. An empty text is an empty object.
    public static func parse(_ text: String) -> UsageOther? {
        var other = UsageOther()
        if text.isEmpty { return other }
        var text = text
        let ok = text.withUTF8 { bytes -> Bool in
            var scanner = Scanner(bytes: bytes)
            return scanner.object(into: &other)
        }
        return ok ? other : nil
    }

    /// `text` with `"overage": overage` added as the object's last key (a reader that meets a
    /// repeated key keeps the last one); an empty text becomes `{"overage":N}`.
    public static func merging(overage: Int64, into text: String) -> String {
        let trimmed = text.trimmingSuffixWhitespace
        guard trimmed.hasSuffix("}"), let open = trimmed.firstIndex(of: "{") else { return #"{"overage":\#(overage)}"# }
        let body = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        let empty = body.allSatisfy { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        return String(trimmed.dropLast()) + (empty ? "" : ",") + #""overage":\#(overage)}"#
    }

    /// A strict-enough JSON walker: objects, arrays, strings with escapes, numbers, literals.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func object(into other: inout UsageOther) -> Bool {
            skipSpace()
            guard value(depth: 0, into: &other, isTop: true) else { return false }
            skipSpace()
            return index == bytes.count
        }

        private mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        private mutating func value(depth: Int, into other: inout UsageOther, isTop: Bool = false) -> Bool {
            guard depth < 64, index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return true
                }
                while true {
                    skipSpace()
                    guard let key = string() else { return false }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                    index += 1
                    skipSpace()
                    let start = index
                    guard value(depth: depth + 1, into: &other) else { return false }
                    if isTop, let target = Self.target(key) {
                        let number = Self.integer(bytes[start..<index]) ?? 0
                        if target == 0 { other.cacheTokens = number } else { other.cacheCreationTokens = number }
                    }
                    skipSpace()
                    guard index < bytes.count else { return false }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    if bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        return true
                    }
                    return false
                }
            case _ where isTop:
                return false
            case UInt8(ascii: "["):
                index += 1
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return true
                }
                while true {
                    skipSpace()
                    guard value(depth: depth + 1, into: &other) else { return false }
                    skipSpace()
                    guard index < bytes.count else { return false }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    if bytes[index] == UInt8(ascii: "]") {
                        index += 1
                        return true
                    }
                    return false
                }
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default:
                return number()
            }
        }

        /// Which counted key `key` is: 0 = cache_tokens, 1 = cache_creation_tokens.
        private static func target(_ key: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
            if key.elementsEqual("cache_tokens".utf8) { return 0 }
            if key.elementsEqual("cache_creation_tokens".utf8) { return 1 }
            return nil
        }

        /// A non-negative integer value (a float or negative number counts as 0).
        private static func integer(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
            guard !text.isEmpty, text.count <= 16 else { return nil }
            var value: Int64 = 0
            for byte in text {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }

        /// The raw bytes between the quotes of a string (escapes checked, not decoded).
        private mutating func string() -> Slice<UnsafeBufferPointer<UInt8>>? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    return bytes[start..<index]
                }
                if byte < 0x20 { return nil }
                if byte == UInt8(ascii: "\\") { index += 1 }
                index += 1
            }
            return nil
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        private mutating func number() -> Bool {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                let isNumeric =
                    (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                guard isNumeric else { break }
                index += 1
            }
            return index > start
        }
    }
}

extension String {
    fileprivate var trimmingSuffixWhitespace: Substring {
        var end = endIndex
        while end > startIndex, let last = self[..<end].last, last.isWhitespace { end = index(before: end) }
        return self[..<end]
    }
}
