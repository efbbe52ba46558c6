import Testing

@testable import EventStore

@Suite struct FrameHeaderTests {
    static let header = FrameHeader(
        codec: .lz4, firstSeq: 0x0102_0304_0506_0708, count: 17, rawLength: 9_000, storedLength: 1_234,
        minTime: -5, maxTime: 1_700_000_000_123, previousHash: ChainHash(bytes: (0..<32).map { UInt8($0 * 7) }),
        crc: 0xDEAD_BEEF)

    @Test func headerEncodesToEightyBytesAndParsesBack() throws {
        let bytes = Self.header.encoded()
        #expect(bytes.count == FrameHeader.size)
        let parsed = try bytes.withUnsafeBytes { try FrameHeader.parse($0) }
        #expect(parsed == Self.header)
    }

    @Test func headerFieldsSitAtTheDocumentedLittleEndianOffsets() {
        let bytes = Self.header.encoded()
        #expect(Array(bytes[0..<4]) == Array("OLF1".utf8))
        #expect(bytes[4] == FrameHeader.currentVersion)
        #expect(bytes[5] == FrameCodec.lz4.rawValue)
        #expect(bytes[6] == 0 && bytes[7] == 0)
        #expect(Array(bytes[8..<16]) == [8, 7, 6, 5, 4, 3, 2, 1])
        #expect(Array(bytes[16..<20]) == [17, 0, 0, 0])
        #expect(Array(bytes[44..<76]) == Self.header.previousHash.bytes)
        #expect(Array(bytes[76..<80]) == [0xEF, 0xBE, 0xAD, 0xDE])
    }

    @Test(arguments: [0, 1, 40, 79])
    func aHeaderCutShortIsReportedAsTooShort(length: Int) {
        let bytes = Array(Self.header.encoded().prefix(length))
        #expect(throws: FrameHeader.ParseFailure.tooShort) { try bytes.withUnsafeBytes { try FrameHeader.parse($0) } }
    }

    @Test(arguments: [
        (0, FrameHeader.ParseFailure.badMagic), (4, .badVersion), (5, .badCodec),
    ])
    func aWrongMagicVersionOrCodecIsRefused(byte: Int, failure: FrameHeader.ParseFailure) {
        var bytes = Self.header.encoded()
        bytes[byte] = 0x7F
        #expect(throws: failure) { try bytes.withUnsafeBytes { try FrameHeader.parse($0) } }
    }

    @Test(arguments: ["count", "firstSeq", "rawLength", "storedLength", "rawDiffersForNone", "huge"])
    func impossibleLengthsAreRefused(field: String) {
        var header = Self.header
        switch field {
        case "count": header.count = 0
        case "firstSeq": header.firstSeq = 0
        case "rawLength": header.rawLength = 0
        case "storedLength": header.storedLength = 0
        case "rawDiffersForNone": header.codec = .none
        default: header.storedLength = UInt32(FrameHeader.maxPayload + 1)
        }
        let bytes = header.encoded()
        #expect(throws: FrameHeader.ParseFailure.badLengths) { try bytes.withUnsafeBytes { try FrameHeader.parse($0) } }
    }

    /// Each of the header's 640 bits, flipped alone in a real frame, makes the frame unreadable.
    @Test(arguments: 0..<FrameHeader.size)
    func everySingleBitFlipInAHeaderIsCaught(byte: Int) {
        for compress in [false, true] {
            let frame = makeFrame(
                compressibleEvents(), firstSeq: 5, previous: ChainHash(bytes: .init(repeating: 3, count: 32)),
                compress: compress)
            if case .failure(let damage) = parseFrame(frame.bytes) { Issue.record("intact frame refused: \(damage)") }
            for bit in 0..<8 {
                let damaged = frame.bytes.flippingBit(byte * 8 + bit)
                if case .success = parseFrame(damaged) {
                    Issue.record("flip of bit \(bit) of header byte \(byte) (compress \(compress)) was not caught")
                }
            }
        }
    }
}
