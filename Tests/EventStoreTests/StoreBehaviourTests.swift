import Foundation
import TestSupport
import Testing

@testable import EventStore

@Suite struct StoreBehaviourTests {
    @Test func appendedEventsReadBackWithConsecutiveSeqs() async throws {
        try await withTemporaryDirectory { dir in
            let store = try EventStore.posix(dir + "/ledger")
            defer { store.close() }
            var factory = EventFactory(seed: 1)
            let batches = (0..<5).map { _ in factory.batch(maxCount: 4) }
            let written = try await appendAll(batches, to: store)
            #expect(written.map(\.seq) == Array(1...UInt64(written.count)))
            #expect(try await store.readAll() == written)
            for record in written { #expect(try store.read(seq: record.seq) == record) }
            #expect(store.head.seq == UInt64(written.count))
            #expect(store.head.time == batches.last!.map(\.time).max())
        }
    }

    @Test func theHeadHashIsTheLastFrameHash() async throws {
        let store = try EventStore.simulated(SimulatedFileSystem())
        defer { store.close() }
        var factory = EventFactory(seed: 2)
        var last: AppendResult?
        for _ in 0..<4 { last = try await store.append(factory.batch()) }
        #expect(store.head.hash == last?.frameHash)
        #expect(store.head.seq == last?.lastSeq)
    }

    @Test func anEmptyStoreHasAnEmptyHeadAndNoEvents() async throws {
        let store = try EventStore.simulated(SimulatedFileSystem())
        defer { store.close() }
        #expect(store.head == .empty)
        #expect(try await store.readAll().isEmpty)
        #expect(throws: EventStoreError.notFound(seq: 1)) { try store.read(seq: 1) }
    }

    @Test(arguments: [UInt64(0), 4, 5, 1_000])
    func readingOutsideTheLogFindsNothing(seq: UInt64) async throws {
        let store = try EventStore.simulated(SimulatedFileSystem())
        defer { store.close() }
        var factory = EventFactory(seed: 3)
        try await appendAll([factory.batch(maxCount: 1), [factory.event(), factory.event()]], to: store)
        if seq == 0 || seq > store.head.seq {
            #expect(throws: EventStoreError.notFound(seq: seq)) { try store.read(seq: seq) }
        } else {
            #expect(try store.read(seq: seq).seq == seq)
        }
        #expect(try await store.readAll(from: store.head.seq + 1).isEmpty)
    }

    /// Segments smaller than one frame, than a few frames and than many: every seq reads back.
    @Test(arguments: [Int64(256), 1_024, 4_096])
    func rolloverSpreadsFramesOverSegmentsAndEverySeqReadsBack(segmentBytes: Int64) async throws {
        let fileSystem = SimulatedFileSystem()
        let store = try EventStore.simulated(fileSystem, .small(segmentBytes: segmentBytes))
        defer { store.close() }
        var factory = EventFactory(seed: UInt64(segmentBytes))
        let written = try await appendAll((0..<40).map { _ in factory.batch() }, to: store)
        let segments = segmentPaths(fileSystem.image)
        #expect(segments.count >= 3)
        for path in segments {
            let size = fileSystem.image.contents(of: path)?.count ?? 0
            let frames = frameOffsets(fileSystem.image.contents(of: path) ?? [])
            #expect(size <= Int(segmentBytes) || frames.count == 1, "\(path) holds \(size) bytes")
        }
        for record in written { #expect(try store.read(seq: record.seq) == record) }
        for start in stride(from: 1, through: written.count + 1, by: 3) {
            #expect(try await store.readAll(from: UInt64(start)) == Array(written.dropFirst(start - 1)))
        }
    }

    @Test func framesChainAcrossSegments() async throws {
        let store = try EventStore.simulated(SimulatedFileSystem(), .small(segmentBytes: 600))
        defer { store.close() }
        var factory = EventFactory(seed: 4)
        try await appendAll((0..<20).map { _ in factory.batch() }, to: store)
        var cursor = try store.frames(from: 1)
        var previous = ChainHash.zero
        var nextSeq: UInt64 = 1
        while let frame = try cursor.next() {
            #expect(frame.header.previousHash == previous)
            #expect(frame.header.firstSeq == nextSeq)
            previous = frame.hash
            nextSeq = frame.header.lastSeq + 1
        }
        #expect(previous == store.head.hash)
        #expect(nextSeq == store.head.seq + 1)
    }

    @Test func reopeningKeepsEveryEventTheHeadAndTheChain() async throws {
        try await withTemporaryDirectory { dir in
            var factory = EventFactory(seed: 5)
            let first = try EventStore.posix(dir, .small(segmentBytes: 1_500))
            let written = try await appendAll((0..<12).map { _ in factory.batch() }, to: first)
            let head = first.head
            first.close()
            let second = try EventStore.posix(dir, .small(segmentBytes: 1_500))
            defer { second.close() }
            #expect(second.head == head)
            #expect(second.recoveredTornTail == nil)
            #expect(try await second.readAll() == written)
            let next = try await second.append([factory.event()])
            #expect(next.firstSeq == head.seq + 1)
            var cursor = try second.frames(from: next.firstSeq)
            #expect(try cursor.next()?.header.previousHash == head.hash)
            #expect(try LogVerifier.verify(directory: dir).ok)
        }
    }

    @Test func concurrentAppendersShareFsyncsAndGetDistinctConsecutiveSeqs() async throws {
        let fileSystem = SimulatedFileSystem()
        fileSystem.slowSyncs(micros: 2_000)
        let store = try EventStore.simulated(fileSystem, .small(segmentBytes: 1 << 20, hintBytes: 1 << 20))
        defer { store.close() }
        _ = store.statistics.take()
        let log = AckLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<32 {
                group.addTask {
                    var factory = EventFactory(seed: UInt64(100 + writer))
                    for _ in 0..<6 {
                        let batch = factory.batch()
                        log.record(batch, try await store.append(batch))
                    }
                }
            }
            try await group.waitForAll()
        }
        let statistics = store.statistics.take()
        let acked = log.snapshot
        #expect(acked.keys.sorted() == Array(1...UInt64(acked.count)))
        #expect(statistics.events == acked.count)
        #expect(
            statistics.frames < statistics.events,
            "group commit: \(statistics.events) events in \(statistics.frames) fsyncs")
        expectAllPresent(acked, in: try await store.readAll(), "after concurrent appends")
    }

    @Test func concurrentAppendersOnARealDiskLoseNothing() async throws {
        try await withTemporaryDirectory { dir in
            let store = try EventStore.posix(dir, .small(segmentBytes: 8_192))
            let log = AckLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        var factory = EventFactory(seed: UInt64(200 + writer))
                        for _ in 0..<10 {
                            let batch = factory.batch()
                            log.record(batch, try await store.append(batch))
                        }
                    }
                }
                try await group.waitForAll()
            }
            store.close()
            let reopened = try EventStore.posix(dir, .small(segmentBytes: 8_192))
            defer { reopened.close() }
            expectAllPresent(log.snapshot, in: try await reopened.readAll(), "after reopening")
            #expect(reopened.head.seq == UInt64(log.count))
            #expect(try LogVerifier.verify(directory: dir).ok)
        }
    }

    @Test func anAppendLargerThanTheFrameTargetStaysInOneFrame() async throws {
        let store = try EventStore.simulated(SimulatedFileSystem(), .small(segmentBytes: 1_024, frameBytes: 512))
        defer { store.close() }
        var factory = EventFactory(seed: 6, payloadBytes: 200...300)
        let big = (0..<40).map { _ in factory.event() }
        let result = try await store.append(big)
        #expect(result.lastSeq - result.firstSeq == 39)
        var cursor = try store.frames(from: 1)
        let frame = try #require(try cursor.next())
        #expect(frame.header.count == 40)
        #expect(try cursor.next() == nil)
    }

    @Test func anAppendExpectingAnotherFirstSeqIsRefusedAndAppendsNothing() async throws {
        let store = try EventStore.simulated(SimulatedFileSystem())
        defer { store.close() }
        var factory = EventFactory(seed: 7)
        try await appendAll([[factory.event(), factory.event()]], to: store)
        await #expect(throws: EventStoreError.unexpectedSequence(expected: 5, actual: 3)) {
            try await store.append([factory.event()], expectingFirstSeq: 5)
        }
        await #expect(throws: EventStoreError.unexpectedSequence(expected: 2, actual: 3)) {
            try await store.append([factory.event()], expectingFirstSeq: 2)
        }
        #expect(store.head.seq == 2)
        let accepted = try await store.append([factory.event()], expectingFirstSeq: 3)
        #expect(accepted.firstSeq == 3)
    }

    @Test func anEmptyAppendIsRefused() async throws {
        let store = try EventStore.simulated(SimulatedFileSystem())
        defer { store.close() }
        await #expect(throws: EventStoreError.emptyAppend) { try await store.append([]) }
        #expect(throws: EventStoreError.emptyAppend) { try store.appendBlocking([]) }
        #expect(store.head == .empty)
    }

    @Test func appendBlockingWorksFromAPlainThread() async throws {
        let store = try EventStore.simulated(SimulatedFileSystem())
        defer { store.close() }
        let event = NewEvent(time: 5, type: "T", stream: "s", payload: [9])
        let result = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Result { try store.appendBlocking([event]) }) }.start()
        }
        #expect(try result.get().firstSeq == 1)
        #expect(try store.read(seq: 1).event == event)
    }

    @Test func aClosedStoreRefusesAppends() async throws {
        let store = try EventStore.simulated(SimulatedFileSystem())
        store.close()
        await #expect(throws: EventStoreError.closed) {
            try await store.append([NewEvent(time: 1, type: "T", stream: "s", payload: [])])
        }
        store.close()
    }

    @Test func theVerifierAgreesWithTheStoreOnAnIntactLedger() async throws {
        let fileSystem = SimulatedFileSystem()
        let store = try EventStore.simulated(fileSystem, .small(segmentBytes: 900))
        var factory = EventFactory(seed: 8)
        let written = try await appendAll((0..<25).map { _ in factory.batch() }, to: store)
        let head = store.head
        store.close()
        let report = try LogVerifier.verify(directory: simulatedLedger, fileSystem: fileSystem)
        #expect(report.ok)
        #expect(report.tornTail == nil)
        #expect(report.events == written.count)
        #expect(report.frames == 25)
        #expect(report.segments == segmentPaths(fileSystem.image).count)
        #expect(report.head == head)
    }

    @Test func theVerifierFindsNothingWrongWithAMissingLedger() throws {
        let report = try LogVerifier.verify(directory: "/data/none", fileSystem: SimulatedFileSystem())
        #expect(report.ok && report.segments == 0 && report.head == .empty)
    }
}

@Suite struct StoreLimitTests {
    /// A frame's payload may not pass `FrameHeader.maxPayload` (readers refuse it as damage), so
    /// an append that large must be refused, never acknowledged and then cut off as a torn tail.
    @Test func anAppendTooLargeForOneFrameIsRefusedNotAcknowledgedAndLost() async throws {
        let fileSystem = SimulatedFileSystem()
        let store = try EventStore.simulated(fileSystem)
        let huge = NewEvent(
            time: 1, type: "Huge", stream: "s", payload: [UInt8](repeating: 0, count: FrameHeader.maxPayload))
        let small = NewEvent(time: 2, type: "Small", stream: "s", payload: [1])
        _ = try await store.append([small])
        var acknowledged = false
        do {
            _ = try await store.append([huge])
            acknowledged = true
        } catch {
            #expect(
                error as? EventStoreError
                    == .appendTooLarge(bytes: EventBatch.encode([huge]).count, limit: FrameHeader.maxPayload))
        }
        store.close()
        let reopened = try EventStore.simulated(fileSystem)
        defer { reopened.close() }
        #expect(reopened.recoveredTornTail == nil)
        if acknowledged {
            let records = try await reopened.readAll()
            #expect(records.count == 2 && records.last?.event == huge, "an acknowledged append was lost")
        }
        #expect(try await reopened.append([small]).firstSeq == (acknowledged ? 3 : 2))
    }
}
