import TestSupport
import Testing

@testable import EventStore

/// The newest segment cut at every byte offset of its last three frames, as a torn write leaves it.
@Suite struct TruncationTests {
    static func fixture() async throws -> LedgerFixture {
        // Frames of one to three events of 40–160 bytes: a few hundred bytes each.
        try await LedgerFixture.build(seed: 20, batches: 24, configuration: .small(segmentBytes: 3_000, hintBytes: 900))
    }

    /// - Parameter closed: cut the image of a cleanly closed store (hint at the very end) or of a
    ///   running one (hint somewhere before the end).
    @Test(arguments: [true, false])
    func aStoreCutAtAnyByteOfItsLastThreeFramesKeepsExactlyTheWholeFramesBefore(closed: Bool) async throws {
        let fixture = try await Self.fixture()
        let image = closed ? fixture.closedImage : fixture.openImage
        let path = fixture.newestSegment
        let name = String(path.split(separator: "/").last!)
        let bytes = try #require(image.contents(of: path))
        let frames = frameOffsets(bytes)
        try #require(frames.count >= 3 && frames.last.map { $0.offset + $0.length } == bytes.count)
        let sweepStart = frames[frames.count - 3].offset
        let boundaries = Set(frames.map(\.offset))
        for cut in sweepStart..<bytes.count {
            var damaged = image
            damaged.setContents(of: path, to: Array(bytes.prefix(cut)))
            // The whole frames before the cut, and where the torn one starts.
            let tornStart = frames.last { $0.offset <= cut }!.offset
            let survivor = try fixture.lastSeq(in: image, segment: path, before: tornStart)
            let expected = fixture.records(through: survivor)
            let isBoundary = boundaries.contains(cut)

            let fileSystem = SimulatedFileSystem(image: damaged)
            let report = try LogVerifier.verify(directory: simulatedLedger, fileSystem: fileSystem)
            #expect(report.ok, "cut at \(cut): \(String(describing: report.problem))")
            #expect(report.tornTail?.offset == (isBoundary ? nil : Int64(tornStart)), "cut at \(cut)")
            #expect(report.head.seq == survivor, "cut at \(cut)")

            let store = try EventStore.simulated(fileSystem, fixture.configuration)
            #expect(store.recoveredTornTail?.offset == (isBoundary ? nil : Int64(tornStart)), "cut at \(cut)")
            #expect(store.recoveredTornTail.map { $0.segment == name } ?? true)
            #expect(store.head.seq == survivor, "cut at \(cut)")
            #expect(try await store.readAll() == expected, "cut at \(cut)")
            #expect(fileSystem.image.contents(of: path)?.count == tornStart, "cut at \(cut): torn bytes left")
            let headBefore = store.head
            let next = try await store.append([
                NewEvent(time: 9, type: "AfterCut", stream: "s", payload: [UInt8(cut & 0xFF)])
            ])
            #expect(next.firstSeq == survivor + 1, "cut at \(cut)")
            var cursor = try store.frames(from: next.firstSeq)
            #expect(try cursor.next()?.header.previousHash == headBefore.hash, "cut at \(cut)")
            store.close()
            let after = try LogVerifier.verify(directory: simulatedLedger, fileSystem: fileSystem)
            #expect(after.ok && after.tornTail == nil && after.head.seq == survivor + 1, "cut at \(cut)")
        }
    }

    /// A read-only open of a torn ledger reads the whole frames and leaves the torn bytes alone.
    @Test func aReadOnlyOpenOfATornLedgerReadsTheWholeFramesAndCutsNothing() async throws {
        let fixture = try await Self.fixture()
        let path = fixture.newestSegment
        let bytes = try #require(fixture.closedImage.contents(of: path))
        let last = try #require(frameOffsets(bytes).last)
        var image = fixture.closedImage
        image.setContents(of: path, to: Array(bytes.prefix(last.offset + last.length / 2)))
        let fileSystem = SimulatedFileSystem(image: image)
        var configuration = fixture.configuration
        configuration.readOnly = true
        let store = try EventStore.simulated(fileSystem, configuration)
        defer { store.close() }
        let survivor = try fixture.lastSeq(in: image, segment: path, before: last.offset)
        #expect(store.recoveredTornTail?.offset == Int64(last.offset))
        #expect(try await store.readAll() == fixture.records(through: survivor))
        #expect(fileSystem.image.contents(of: path)?.count == last.offset + last.length / 2)
    }

    /// The same on a real disk, at a handful of seeded cut points.
    @Test func aRealSegmentFileCutShortRecoversToTheLastWholeFrame() async throws {
        try await withTemporaryDirectory { dir in
            var factory = EventFactory(seed: 21)
            let store = try EventStore.posix(dir, .small(segmentBytes: 1 << 20))
            let written = try await appendAll((0..<6).map { _ in factory.batch() }, to: store)
            store.close()
            let path = dir + "/" + Segment.fileName(baseSeq: 1)
            let original = try [UInt8](contentsOfFile: path)
            let frames = frameOffsets(original)
            var random = SplitMix(seed: 21)
            for _ in 0..<8 {
                let cut = Int(random.next() % UInt64(original.count - frames[2].offset)) + frames[2].offset
                try original.prefix(cut).write(toFile: path)
                let tornStart = frames.last { $0.offset <= cut }!.offset
                let keptFrames = frames.filter { $0.offset < tornStart }.count
                let reopened = try EventStore.posix(dir, .small(segmentBytes: 1 << 20))
                let kept = try await reopened.readAll()
                #expect(kept == Array(written.prefix(kept.count)))
                #expect(reopened.recoveredTornTail?.offset == (cut == tornStart ? nil : Int64(tornStart)))
                var cursor = try reopened.frames(from: 1)
                var count = 0
                while try cursor.next() != nil { count += 1 }
                #expect(count == keptFrames, "cut at \(cut)")
                reopened.close()
                try original.write(toFile: path)
            }
        }
    }
}
