import Testing

@testable import EventStore

@Suite struct SegmentNameTests {
    @Test(arguments: [UInt64(1), 42, 1_000_000, UInt64.max])
    func segmentNamesAreTheBaseSeqInTwentyDigits(base: UInt64) {
        let name = Segment.fileName(baseSeq: base)
        #expect(name.count == 24)
        #expect(name.hasSuffix(".seg"))
        #expect(Segment.baseSeq(fileName: name) == base)
    }

    @Test func theFirstSegmentIsNamedLikeKafkas() {
        #expect(Segment.fileName(baseSeq: 1) == "00000000000000000001.seg")
    }

    @Test(arguments: [
        "00000000000000000001.idx", "0000000000000000001.seg", "000000000000000000001.seg", "0000000000000000000a.seg",
        "00000000000000000000.seg", "checkpoint", "checkpoint.tmp", "+0000000000000000001.seg",
        "99999999999999999999.seg",
    ])
    func otherFileNamesAreNotSegments(name: String) {
        #expect(Segment.baseSeq(fileName: name) == nil)
    }
}
