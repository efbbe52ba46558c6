import Testing

@testable import EventStore

@Suite struct ChecksumTests {
    @Test func crc32cMatchesTheStandardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.softwareChecksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 63, 64, 65, 1000, 4097])
    func hardwareAndTablePathsAgree(length: Int) {
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
        #expect(CRC32C.checksum(bytes) == CRC32C.softwareChecksum(bytes))
    }

    @Test func sha256MatchesTheStandardVector() {
        #expect(
            SHA256Hasher.hash(Array("abc".utf8)).hex
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func lz4RoundTripsAndRefusesWrongLengths() throws {
        let text = Array(String(repeating: "usage record model gpt-4o ", count: 200).utf8)
        let compressed = try #require(LZ4.compress(text))
        #expect(compressed.count < text.count)
        let back = compressed.withUnsafeBytes { LZ4.decompress($0, rawLength: text.count) }
        #expect(back == text)
        #expect(compressed.withUnsafeBytes { LZ4.decompress($0, rawLength: text.count - 1) } == nil)
        #expect(compressed.withUnsafeBytes { LZ4.decompress($0, rawLength: text.count + 1) } == nil)
    }

    @Test func incompressibleInputIsNotCompressed() {
        var random = SplitMix(seed: 7)
        let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(LZ4.compress(bytes) == nil)
    }
}
