import Testing

@testable import EventStore

/// A segment file gone from the middle or the start of the log (a partial restore, a bad copy):
/// `verify` names it, and readers refuse to jump over the hole instead of skipping events.
@Suite struct SegmentGapTests {
    static func ledgerWithout(segment number: Int) async throws -> (LedgerFixture, SimulatedFileSystem.Image, String) {
        let fixture = try await LedgerFixture.build(seed: 90, batches: 40)
        try #require(fixture.segments.count >= 5)
        var image = fixture.closedImage
        image.remove(fixture.segments[number])
        image.remove(String(fixture.segments[number].dropLast(4)) + ".idx")
        let after = String(fixture.segments[number + 1].split(separator: "/").last!)
        return (fixture, image, after)
    }

    @Test(arguments: [0, 1, 2])
    func verifyNamesTheSegmentAfterAMissingOne(number: Int) async throws {
        let (_, image, after) = try await Self.ledgerWithout(segment: number)
        let report = try LogVerifier.verify(directory: simulatedLedger, fileSystem: SimulatedFileSystem(image: image))
        #expect(report.problem?.segment == after)
        #expect(report.problem?.offset == 0)
    }

    @Test(arguments: [0, 1, 2])
    func readersRefuseToJumpOverAMissingSegment(number: Int) async throws {
        let (fixture, image, _) = try await Self.ledgerWithout(segment: number)
        let store = try EventStore.simulated(SimulatedFileSystem(image: image), fixture.configuration)
        defer { store.close() }
        let missingBase = Segment.baseSeq(fileName: String(fixture.segments[number].split(separator: "/").last!))!
        do {
            let records = try await store.readAll()
            Issue.record("read \(records.count) events across a missing segment, up to seq \(records.last?.seq ?? 0)")
        } catch {
            #expect(error is EventStoreError)
        }
        // A read of an event in the hole never returns another event.
        if let event = try? store.read(seq: missingBase) {
            Issue.record("read(seq: \(missingBase)) returned \(event.seq)")
        }
        if let first = try? await store.readAll(from: missingBase).first {
            Issue.record("reading from \(missingBase) started at \(first.seq)")
        }
        // Events after the hole still read, from where they are.
        let after = try #require(fixture.records.last)
        #expect(try store.read(seq: after.seq) == after)
    }
}
