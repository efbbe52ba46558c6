import Testing

@testable import EventStore

@Suite struct CheckpointHintTests {
    static let hint = CheckpointHint(
        segmentBase: 12_345, lastFrameOffset: 4_096, endOffset: 4_500, nextSeq: 12_400, lastTime: 1_700_000_000_999,
        chain: ChainHash(bytes: (0..<32).map { UInt8(255 - $0) }))

    @Test func aHintSurvivesEncodingAndDecoding() {
        let bytes = Self.hint.encoded()
        #expect(bytes.count == 80)
        #expect(Array(bytes[0..<4]) == Array("OLH1".utf8))
        #expect(CheckpointHint.decode(bytes) == Self.hint)
    }

    @Test func aHintForAnEmptySegmentRoundTrips() {
        let hint = CheckpointHint(
            segmentBase: 1, lastFrameOffset: -1, endOffset: 0, nextSeq: 1, lastTime: 0, chain: .zero)
        #expect(CheckpointHint.decode(hint.encoded()) == hint)
    }

    /// All 640 single-bit flips of the hint are refused by its CRC or magic.
    @Test(arguments: 0..<80)
    func everySingleBitFlipOfAHintIsRefused(byte: Int) {
        let bytes = Self.hint.encoded()
        for bit in 0..<8 {
            #expect(CheckpointHint.decode(bytes.flippingBit(byte * 8 + bit)) == nil, "bit \(bit) of byte \(byte)")
        }
    }

    @Test(arguments: [0, 1, 79, 81, 128])
    func aHintOfAnotherLengthIsRefused(length: Int) {
        var bytes = Self.hint.encoded()
        if length < bytes.count {
            bytes.removeLast(bytes.count - length)
        } else {
            bytes += .init(repeating: 0, count: length - 80)
        }
        #expect(CheckpointHint.decode(bytes) == nil)
    }

    @Test func aStoredHintLoadsBackAndLeavesNoTemporaryFile() throws {
        let fileSystem = SimulatedFileSystem(directories: ["/data", "/data/ledger"])
        #expect(CheckpointHint.load(directory: simulatedLedger, fileSystem: fileSystem) == nil)
        try Self.hint.store(directory: simulatedLedger, fileSystem: fileSystem)
        #expect(CheckpointHint.load(directory: simulatedLedger, fileSystem: fileSystem) == Self.hint)
        #expect(try fileSystem.contentsOfDirectory(simulatedLedger) == ["checkpoint"])
        // Stored durably: a power cut right after keeps it.
        let after = SimulatedFileSystem(image: fileSystem.image.crashed(.dropUnsynced, seed: 1))
        #expect(CheckpointHint.load(directory: simulatedLedger, fileSystem: after) == Self.hint)
    }

    @Test func replacingAHintIsAtomicAtEveryStep() throws {
        let fileSystem = SimulatedFileSystem(directories: ["/data", "/data/ledger"])
        try Self.hint.store(directory: simulatedLedger, fileSystem: fileSystem)
        var newer = Self.hint
        newer.nextSeq += 10
        let images = ImageRecorder()
        fileSystem.onEveryOperation { images.add($0) }
        try newer.store(directory: simulatedLedger, fileSystem: fileSystem)
        fileSystem.onEveryOperation(nil)
        for (step, image) in images.all.enumerated() {
            for mode in CrashMode.allCases {
                for seed in 0..<UInt64(4) {
                    let after = SimulatedFileSystem(image: image.crashed(mode, seed: seed))
                    let loaded = CheckpointHint.load(directory: simulatedLedger, fileSystem: after)
                    #expect(loaded == Self.hint || loaded == newer, "step \(step), \(mode), seed \(seed)")
                }
            }
        }
    }
}
