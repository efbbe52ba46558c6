import Testing

@testable import EventStore

@Suite struct SequenceIndexTests {
    /// Frames of 3 events each, 200 bytes apart, in a segment starting at seq 1_001.
    static func sample(frames: Int = 10) -> SequenceIndex {
        var index = SequenceIndex()
        for i in 0..<frames { index.append(firstSeq: 1_001 + UInt64(i) * 3, offset: Int64(i) * 200) }
        return index
    }

    @Test func anIndexSurvivesEncodingAndDecoding() throws {
        let index = Self.sample()
        let bytes = index.encoded(baseSeq: 1_001)
        #expect(bytes.count == 80)
        let decoded = try #require(SequenceIndex.decode(bytes, baseSeq: 1_001, segmentSize: 2_000))
        #expect(decoded == index)
    }

    @Test func entriesAreSeqDeltaAndOffsetAsLittleEndianU32() {
        let bytes = Self.sample(frames: 2).encoded(baseSeq: 1_001)
        #expect(bytes == [0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 200, 0, 0, 0])
    }

    @Test(arguments: Array(1_001...1_031))
    func lookupFindsTheFrameHoldingASeq(seq: UInt64) throws {
        let entry = try #require(Self.sample().entry(containing: seq))
        let frame = min(9, Int(seq - 1_001) / 3)
        #expect(entry.offset == Int64(frame) * 200)
        #expect(entry.firstSeq == 1_001 + UInt64(frame) * 3)
    }

    @Test func lookupBeforeTheFirstFrameOrInAnEmptyIndexFindsNothing() {
        #expect(Self.sample().entry(containing: 1_000) == nil)
        #expect(SequenceIndex().entry(containing: 1) == nil)
    }

    @Test func removingFromAnOffsetDropsThatFrameAndLaterOnes() {
        var index = Self.sample()
        index.removeAll(from: 1_000)
        #expect(index.entries.count == 5)
        #expect(index.entries.last?.offset == 800)
    }

    /// Malformed index files: each must be refused so the store rebuilds the index.
    @Test(arguments: [
        ("empty", [UInt8]()),
        ("not a multiple of 8", [0, 0, 0, 0, 0, 0, 0, 0, 1]),
        ("first entry not at the base seq", [1, 0, 0, 0, 0, 0, 0, 0]),
        ("first entry not at offset 0", [0, 0, 0, 0, 8, 0, 0, 0]),
        ("seq not increasing", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0]),
        ("offset not increasing", [0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]),
        ("offset past the segment", [0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0xC0, 0x07, 0, 0]),
        ("header past the segment", [0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0x81, 0x07, 0, 0]),
    ])
    func aMalformedIndexFileIsRefused(_ what: String, bytes: [UInt8]) {
        #expect(SequenceIndex.decode(bytes, baseSeq: 1_001, segmentSize: 2_000) == nil, "\(what)")
    }

    @Test func anIndexWhoseLastHeaderEndsExactlyAtTheSegmentEndIsAccepted() {
        var index = SequenceIndex()
        index.append(firstSeq: 5, offset: 0)
        index.append(firstSeq: 6, offset: 120)
        #expect(SequenceIndex.decode(index.encoded(baseSeq: 5), baseSeq: 5, segmentSize: 200) == index)
        #expect(SequenceIndex.decode(index.encoded(baseSeq: 5), baseSeq: 5, segmentSize: 199) == nil)
    }

    @Test(arguments: 0..<10)
    func randomIndexesRoundTrip(seed: UInt64) {
        var random = SplitMix(seed: seed)
        var index = SequenceIndex()
        var seq: UInt64 = 1 + random.next() % 1_000_000
        let base = seq
        var offset: Int64 = 0
        for _ in 0..<Int(1 + random.next() % 500) {
            index.append(firstSeq: seq, offset: offset)
            seq += 1 + random.next() % 100
            offset += Int64(81 + random.next() % 70_000)
        }
        #expect(SequenceIndex.decode(index.encoded(baseSeq: base), baseSeq: base, segmentSize: offset) == index)
    }
}
