import Testing

@testable import EventStore

@Suite struct VarintTests {
    @Test(arguments: [
        (UInt64(0), 1), (1, 1), (127, 1), (128, 2), (300, 2), (16_383, 2), (16_384, 3), (2_097_151, 3),
        (2_097_152, 4), (UInt64(UInt32.max), 5), (1 << 56, 9), (UInt64(Int64.max), 9), (UInt64.max, 10),
    ])
    func unsignedVarintsRoundTripInTheExpectedLength(value: UInt64, length: Int) throws {
        var writer = ByteWriter()
        writer.writeVarint(value)
        #expect(writer.bytes.count == length)
        let back = try writer.bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            let value = try reader.readVarint()
            #expect(reader.remaining == 0)
            return value
        }
        #expect(back == value)
    }

    @Test(arguments: [Int64(0), -1, 1, -63, 64, -64, 65, 1_700_000_000_000, -1_700_000_000_000, .max, .min])
    func signedVarintsRoundTripAndStaySmallNearZero(value: Int64) throws {
        var writer = ByteWriter()
        writer.writeSignedVarint(value)
        if (-64...63).contains(value) { #expect(writer.bytes.count == 1) }
        let back = try writer.bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            return try reader.readSignedVarint()
        }
        #expect(back == value)
    }

    @Test func aVarintCutShortIsRefused() {
        var writer = ByteWriter()
        writer.writeVarint(UInt64.max)
        for length in 0..<writer.bytes.count {
            let cut = Array(writer.bytes.prefix(length))
            #expect(throws: ByteReader.OutOfBounds.self) {
                try cut.withUnsafeBytes { raw in
                    var reader = ByteReader(raw)
                    _ = try reader.readVarint()
                }
            }
        }
    }

    @Test func aVarintLongerThanSixtyFourBitsIsRefused() {
        let bytes = [UInt8](repeating: 0x80, count: 11) + [0]
        #expect(throws: ByteReader.OutOfBounds.self) {
            try bytes.withUnsafeBytes { raw in
                var reader = ByteReader(raw)
                _ = try reader.readVarint()
            }
        }
    }

    @Test func aLengthPrefixBeyondTheBufferIsRefused() {
        var writer = ByteWriter()
        writer.writeVarint(10)
        writer.bytes += [1, 2, 3]
        #expect(throws: ByteReader.OutOfBounds.self) {
            try writer.bytes.withUnsafeBytes { raw in
                var reader = ByteReader(raw)
                _ = try reader.readBytes()
            }
        }
    }

    @Test(arguments: ["", "a", "ünïcødé", "🧾💸", String(repeating: "x", count: 200)])
    func stringsRoundTripAsLengthPrefixedUTF8(text: String) throws {
        var writer = ByteWriter()
        writer.writeString(text)
        writer.writeBytes(Array(text.utf8))
        try writer.bytes.withUnsafeBytes { raw throws in
            var reader = ByteReader(raw)
            #expect(try reader.readString() == text)
            #expect(try reader.readBytes() == Array(text.utf8))
            #expect(reader.remaining == 0)
        }
    }

    @Test func fixedWidthIntegersAreLittleEndian() throws {
        var writer = ByteWriter()
        writer.write(UInt32(0x0102_0304))
        writer.write(Int64(-2))
        #expect(writer.bytes == [4, 3, 2, 1, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        try writer.bytes.withUnsafeBytes { raw throws in
            var reader = ByteReader(raw)
            #expect(try reader.read(UInt32.self) == 0x0102_0304)
            #expect(try reader.read(Int64.self) == -2)
            #expect(throws: ByteReader.OutOfBounds.self) { try reader.read(UInt8.self) }
        }
    }
}
