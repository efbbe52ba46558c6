import Testing

@testable import EventStore

/// Reopening after the checkpoint hint or the sparse indexes went missing, bad, or wrong.
@Suite struct RecoveryTests {
    // MARK: - Helpers

    static func reopen(_ image: SimulatedFileSystem.Image, _ fixture: LedgerFixture) async throws -> (
        EventStore, SimulatedFileSystem
    ) {
        let fileSystem = SimulatedFileSystem(image: image)
        return (try EventStore.simulated(fileSystem, fixture.configuration), fileSystem)
    }

    /// Opens, checks every event and the head, appends one more that chains on, and verifies.
    static func expectRecovers(_ image: SimulatedFileSystem.Image, _ fixture: LedgerFixture, _ what: String)
        async throws
    {
        let (store, fileSystem) = try await reopen(image, fixture)
        #expect(store.head == fixture.head, "\(what)")
        #expect(try await store.readAll() == fixture.records, "\(what)")
        let next = try await store.append([NewEvent(time: 1, type: "After", stream: "s", payload: [1])])
        #expect(next.firstSeq == fixture.head.seq + 1, "\(what)")
        var cursor = try store.frames(from: next.firstSeq)
        #expect(try cursor.next()?.header.previousHash == fixture.head.hash, "\(what)")
        store.close()
        let report = try LogVerifier.verify(directory: simulatedLedger, fileSystem: fileSystem)
        #expect(report.ok && report.tornTail == nil, "\(what)")
    }

    static let hintPath = simulatedLedger + "/checkpoint"

    // MARK: - Tests

    @Test(arguments: [false, true])
    func aMissingHintCostsAScanNotData(closed: Bool) async throws {
        let fixture = try await LedgerFixture.build(seed: 10)
        var image = closed ? fixture.closedImage : fixture.openImage
        image.remove(Self.hintPath)
        try await Self.expectRecovers(image, fixture, "missing hint")
    }

    @Test(arguments: ["garbage", "empty", "bitflip", "truncated", "zeros"])
    func aDamagedHintCostsAScanNotData(damage: String) async throws {
        let fixture = try await LedgerFixture.build(seed: 11)
        var image = fixture.closedImage
        let hint = try #require(image.contents(of: Self.hintPath))
        switch damage {
        case "garbage":
            var random = SplitMix(seed: 1)
            image.setContents(of: Self.hintPath, to: hint.map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case "empty": image.setContents(of: Self.hintPath, to: [])
        case "bitflip": image.setContents(of: Self.hintPath, to: hint.flippingBit(100))
        case "truncated": image.setContents(of: Self.hintPath, to: Array(hint.prefix(40)))
        default: image.setContents(of: Self.hintPath, to: .init(repeating: 0, count: hint.count))
        }
        try await Self.expectRecovers(image, fixture, "damaged hint (\(damage))")
    }

    /// Hints with a valid checksum that do not describe the newest segment.
    @Test(arguments: [
        "chain", "nextSeq", "lastFrameOffsetMidFrame", "endPastTheFile", "olderSegment", "staleFirstFrame",
        "emptySegmentWrongChain", "emptySegmentWrongSeq", "futureSegment",
    ])
    func aLyingHintCostsAScanNotData(lie: String) async throws {
        let fixture = try await LedgerFixture.build(seed: 12)
        var image = fixture.closedImage
        let stored = try #require(image.contents(of: Self.hintPath))
        var hint = try #require(CheckpointHint.decode(stored))
        let newest = try #require(image.contents(of: fixture.newestSegment))
        let frames = frameOffsets(newest)
        let newestBase = Segment.baseSeq(fileName: String(fixture.newestSegment.split(separator: "/").last!))!
        switch lie {
        case "chain": hint.chain = ChainHash(bytes: .init(repeating: 7, count: 32))
        case "nextSeq": hint.nextSeq += 1
        case "lastFrameOffsetMidFrame": hint.lastFrameOffset += 1
        case "endPastTheFile": hint.endOffset = Int64(newest.count + 100)
        case "olderSegment": hint.segmentBase = 1
        case "staleFirstFrame":
            hint.lastFrameOffset = 0
            hint.endOffset = Int64(frames[0].length)
        case "emptySegmentWrongChain":
            hint = CheckpointHint(
                segmentBase: newestBase, lastFrameOffset: -1, endOffset: 0, nextSeq: newestBase, lastTime: 0,
                chain: .zero)
        case "emptySegmentWrongSeq":
            hint.lastFrameOffset = -1
            hint.endOffset = 0
            hint.nextSeq = newestBase + 1
        default: hint.segmentBase = fixture.head.seq + 100
        }
        image.setContents(of: Self.hintPath, to: hint.encoded())
        try await Self.expectRecovers(image, fixture, "lying hint (\(lie))")
    }

    @Test func aMissingIndexOfASealedSegmentIsRebuilt() async throws {
        let fixture = try await LedgerFixture.build(seed: 13)
        var image = fixture.closedImage
        let indexes = image.files(in: simulatedLedger).filter { $0.hasSuffix(".idx") }
        #expect(indexes.count >= fixture.segments.count - 1)
        let originals = indexes.map { image.contents(of: $0) }
        for path in indexes { image.remove(path) }
        let (store, fileSystem) = try await Self.reopen(image, fixture)
        for record in fixture.records { #expect(try store.read(seq: record.seq) == record) }
        store.close()
        // Written back as it was.
        for (path, original) in zip(indexes, originals) {
            #expect(fileSystem.image.contents(of: path) == original, "\(path)")
        }
    }

    @Test(arguments: [
        "garbage", "empty", "truncated", "oneByteLonger", "midFrameOffsets", "shiftedSeqs", "fromAnotherSegment",
    ])
    func aBadIndexOfASealedSegmentIsNotBelieved(damage: String) async throws {
        let fixture = try await LedgerFixture.build(seed: 14)
        var image = fixture.closedImage
        let indexes = image.files(in: simulatedLedger).filter {
            $0.hasSuffix(".idx") && !$0.hasPrefix(fixture.newestSegment.dropLast(4))
        }
        #expect(indexes.count >= 2)
        var random = SplitMix(seed: 3)
        for (number, path) in indexes.enumerated() {
            var bytes = try #require(image.contents(of: path))
            switch damage {
            case "garbage": bytes = bytes.map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case "empty": bytes = []
            case "truncated": bytes.removeLast(3)
            case "oneByteLonger": bytes.append(0)
            case "midFrameOffsets", "shiftedSeqs":
                // Structurally valid (increasing seqs and offsets) but wrong about the segment.
                let base = Segment.baseSeq(fileName: String(path.split(separator: "/").last!.dropLast(4)) + ".seg")!
                let size = Int64(try #require(image.contents(of: String(path.dropLast(4)) + ".seg")).count)
                let index = try #require(SequenceIndex.decode(bytes, baseSeq: base, segmentSize: size))
                var lie = SequenceIndex()
                for (i, entry) in index.entries.enumerated() {
                    let shift: (UInt64, Int64) = i == 0 ? (0, 0) : damage == "shiftedSeqs" ? (1, 0) : (0, 17)
                    lie.append(firstSeq: entry.firstSeq + shift.0, offset: entry.offset + shift.1)
                }
                bytes = lie.encoded(baseSeq: base)
                #expect(SequenceIndex.decode(bytes, baseSeq: base, segmentSize: size) != nil)
            default: bytes = try #require(image.contents(of: indexes[(number + 1) % indexes.count]))
            }
            image.setContents(of: path, to: bytes)
        }
        let (store, _) = try await Self.reopen(image, fixture)
        defer { store.close() }
        for record in fixture.records {
            #expect(try store.read(seq: record.seq) == record, "seq \(record.seq) with \(damage) index")
        }
        for start in stride(from: UInt64(1), through: fixture.head.seq, by: 5) {
            #expect(try await store.readAll(from: start) == Array(fixture.records.dropFirst(Int(start) - 1)))
        }
    }

    @Test(arguments: [false, true])
    func aReadOnlyOpenRefusesAppendsAndChangesNothing(withTornTail: Bool) async throws {
        let fixture = try await LedgerFixture.build(seed: 15)
        var image = fixture.openImage
        if withTornTail {
            let newest = try #require(image.contents(of: fixture.newestSegment))
            image.setContents(of: fixture.newestSegment, to: newest + Array(newest.prefix(50)))
            image.remove(Self.hintPath)
            for path in image.files(in: simulatedLedger) where path.hasSuffix(".idx") { image.remove(path) }
        }
        let fileSystem = SimulatedFileSystem(image: image)
        var configuration = fixture.configuration
        configuration.readOnly = true
        let store = try EventStore.simulated(fileSystem, configuration)
        #expect(store.head == fixture.head)
        #expect(try await store.readAll() == fixture.records)
        for record in fixture.records.prefix(10) { #expect(try store.read(seq: record.seq) == record) }
        await #expect(throws: EventStoreError.readOnly) {
            try await store.append([NewEvent(time: 1, type: "T", stream: "s", payload: [])])
        }
        #expect(throws: EventStoreError.readOnly) {
            try store.appendBlocking([NewEvent(time: 1, type: "T", stream: "s", payload: [])])
        }
        store.close()
        let after = fileSystem.image
        #expect(after.entries.keys.sorted() == image.entries.keys.sorted())
        for path in image.entries.keys {
            #expect(after.contents(of: path) == image.contents(of: path), "\(path) changed")
        }
        #expect(
            fileSystem.operationCounts[.enospc, default: 0] == 0,
            "a read-only open wrote, created or truncated something")
    }

    @Test func aReadOnlyOpenOfAMissingLedgerCreatesNothing() async throws {
        let fileSystem = SimulatedFileSystem()
        let store = try EventStore.simulated(fileSystem, .small(readOnly: true))
        #expect(store.head == .empty)
        #expect(try await store.readAll().isEmpty)
        store.close()
        #expect(!fileSystem.fileExists(simulatedLedger))
    }
}
