/// A number token checked against JSON's grammar: sign, integer digits, fraction digits,
/// exponent.
struct NumberShape {
    var negative = false
    var digits: [UInt8] = []
    var fractionDigits = 0
    var exponent = 0
    var plain = true

    init?(_ token: UnsafeBufferPointer<UInt8>) {
        var i = 0
        func digitRun() -> Int {
            let start = i
            while i < token.count, token[i] >= 0x30, token[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < token.count, token[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        let integerStart = i
        let integerDigits = digitRun()
        guard integerDigits > 0, integerDigits == 1 || token[integerStart] != 0x30 else { return nil }
        digits.append(contentsOf: token[integerStart..<i])
        if i < token.count, token[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            guard digitRun() > 0 else { return nil }
            digits.append(contentsOf: token[start..<i])
            fractionDigits = i - start
            plain = false
        }
        if i < token.count, token[i] == UInt8(ascii: "e") || token[i] == UInt8(ascii: "E") {
            i += 1
            var sign = 1
            if i < token.count, token[i] == UInt8(ascii: "+") || token[i] == UInt8(ascii: "-") {
                sign = token[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
            }
            let start = i
            guard digitRun() > 0 else { return nil }
            var value = 0
            for byte in token[start..<i] { value = min(value * 10 + Int(byte - 0x30), 100_000) }
            exponent = sign * value
            plain = false
        }
        guard i == token.count else { return nil }
    }

    /// The value's whole part as an Int64 (nil when it does not fit), the exponent `scale` applied.
    func integerPart(scale: Int) -> Int64? {
        let shift = scale - fractionDigits
        let count = digits.count + shift
        var value: Int64 = 0
        for position in 0..<max(count, 0) {
            let digit = position < digits.count ? Int64(digits[position] - 0x30) : 0
            let (times, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowed2) =
                negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            if overflowed || overflowed2 { return nil }
            value = next
        }
        return value
    }
}
