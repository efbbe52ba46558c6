import Testing

@testable import EventStore

/// Random single-bit flips in segment files: `verify` must catch every one and say where.
@Suite struct BitFlipTests {
    static let flips = TestEnvironment.count("ONELEDGER_BITFLIPS", default: 1_000)

    // MARK: - Helpers

    /// Where each frame of each segment starts, to name the frame a flipped byte falls in.
    struct Layout {
        var segments: [(path: String, bytes: [UInt8], frames: [(offset: Int, length: Int)])]

        init(_ image: SimulatedFileSystem.Image) {
            segments = segmentPaths(image).map { path in
                let bytes = image.contents(of: path) ?? []
                return (path, bytes, frameOffsets(bytes))
            }
        }

        var totalBytes: Int { segments.reduce(0) { $0 + $1.bytes.count } }

        /// The segment number and byte offset of the `n`-th byte over all segments.
        func locate(_ n: Int) -> (segment: Int, offset: Int) {
            var rest = n
            for (number, segment) in segments.enumerated() {
                if rest < segment.bytes.count { return (number, rest) }
                rest -= segment.bytes.count
            }
            fatalError("byte \(n) is past the ledger")
        }
    }

    // MARK: - Tests

    @Test func everyRandomBitFlipInSealedDataIsDetectedAndLocated() async throws {
        // The image of a running store: the hint sits at the start of the newest segment, so a
        // flip in any of its frames is something recovery itself must notice.
        let fixture = try await LedgerFixture.build(seed: 30, batches: 40)
        let image = fixture.openImage
        let layout = Layout(image)
        try #require(layout.segments.count >= 3 && layout.segments.last!.frames.count >= 3)
        var random = SplitMix(seed: 30)
        var counts = (torn: 0, middle: 0, refusedOnOpen: 0)
        for flip in 0..<Self.flips {
            let bit = Int(random.next() % UInt64(layout.totalBytes * 8))
            let (number, offset) = layout.locate(bit / 8)
            let segment = layout.segments[number]
            let name = String(segment.path.split(separator: "/").last!)
            let frame = segment.frames.last { $0.offset <= offset }!
            let isNewest = number == layout.segments.count - 1
            let isLastFrame = frame.offset == segment.frames.last!.offset
            var damaged = image
            damaged.setContents(of: segment.path, to: segment.bytes.flippingBit(offset * 8 + bit % 8))
            let context = "flip \(flip): bit \(bit % 8) of byte \(offset) of \(name), frame at \(frame.offset)"

            let report = try LogVerifier.verify(
                directory: simulatedLedger, fileSystem: SimulatedFileSystem(image: damaged))
            if isNewest && isLastFrame {
                counts.torn += 1
                #expect(report.ok, "\(context)")
                #expect(
                    report.tornTail?.segment == name && report.tornTail?.offset == Int64(frame.offset), "\(context)")
                let fileSystem = SimulatedFileSystem(image: damaged)
                let store = try EventStore.simulated(fileSystem, fixture.configuration)
                #expect(store.recoveredTornTail?.offset == Int64(frame.offset), "\(context)")
                let survivor = try fixture.lastSeq(in: image, segment: segment.path, before: frame.offset)
                #expect(try await store.readAll() == fixture.records(through: survivor), "\(context)")
                store.close()
                #expect(fileSystem.image.contents(of: segment.path)?.count == frame.offset, "\(context)")
            } else {
                counts.middle += 1
                #expect(report.tornTail == nil, "\(context)")
                #expect(report.problem?.segment == name, "\(context): \(String(describing: report.problem))")
                #expect(
                    report.problem?.offset == Int64(frame.offset), "\(context): \(String(describing: report.problem))")
                if isNewest {
                    counts.refusedOnOpen += 1
                    #expect(throws: EventStoreError.self, "\(context)") {
                        try EventStore.simulated(SimulatedFileSystem(image: damaged), fixture.configuration)
                    }
                    do {
                        _ = try EventStore.simulated(SimulatedFileSystem(image: damaged), fixture.configuration)
                    } catch let EventStoreError.corruptFrame(segment, offset, _) {
                        #expect(segment == name && offset == Int64(frame.offset), "\(context)")
                    } catch {
                        Issue.record("\(context): opening threw \(error)")
                    }
                }
            }
        }
        #expect(counts.torn + counts.middle == Self.flips)
        #expect(Self.flips < 1_000 || (counts.torn > 0 && counts.refusedOnOpen > 0))
    }

    /// Every bit of the newest segment's last frame: always a torn tail, never lost data before it.
    @Test func everyBitFlipInTheLastFrameIsATornTail() async throws {
        let fixture = try await LedgerFixture.build(seed: 31, batches: 12)
        let path = fixture.newestSegment
        let bytes = try #require(fixture.closedImage.contents(of: path))
        let last = try #require(frameOffsets(bytes).last)
        for bit in (last.offset * 8)..<(bytes.count * 8) {
            var damaged = fixture.closedImage
            damaged.setContents(of: path, to: bytes.flippingBit(bit))
            let report = try LogVerifier.verify(
                directory: simulatedLedger, fileSystem: SimulatedFileSystem(image: damaged))
            #expect(report.ok && report.tornTail?.offset == Int64(last.offset), "bit \(bit)")
        }
    }
}

@Suite struct DamageBeforeTheHintTests {
    /// Open validates only what follows the checkpoint hint (startup must not scan the whole
    /// log); damage before it is `verify`'s to find, and a read of it fails loudly, never silently.
    @Test func damageBeforeTheHintOpensButEveryReadOfItFailsAndVerifyNamesIt() async throws {
        let fixture = try await LedgerFixture.build(seed: 32, batches: 20)
        let path = fixture.newestSegment
        let name = String(path.split(separator: "/").last!)
        let bytes = try #require(fixture.closedImage.contents(of: path))
        let frames = frameOffsets(bytes)
        try #require(frames.count >= 3)
        let damagedFrame = frames[1]
        var image = fixture.closedImage
        image.setContents(of: path, to: bytes.flippingBit((damagedFrame.offset + damagedFrame.length / 2) * 8))
        let fileSystem = SimulatedFileSystem(image: image)
        let report = try LogVerifier.verify(directory: simulatedLedger, fileSystem: fileSystem)
        #expect(report.problem?.segment == name && report.problem?.offset == Int64(damagedFrame.offset))
        let store = try EventStore.simulated(fileSystem, fixture.configuration)
        defer { store.close() }
        let seq = try fixture.lastSeq(in: image, segment: path, before: damagedFrame.offset) + 1
        #expect(
            throws: EventStoreError.corruptFrame(
                segment: name, offset: Int64(damagedFrame.offset), reason: "CRC-32C mismatch")
        ) {
            try store.read(seq: seq)
        }
        await #expect(throws: EventStoreError.self) { _ = try await store.readAll().count }
    }
}
