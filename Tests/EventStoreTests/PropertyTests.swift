import TestSupport
import Testing

@testable import EventStore

/// Random batches through the whole store: append, reopen, read back exactly what went in.
@Suite struct PropertyTests {
    /// 4 seeds × 40 batches on the simulated file system, each seed with its own segment,
    /// frame and hint sizes and payloads from empty to 20 KB (some frames compressed, some raw).
    @Test(arguments: 0..<4)
    func randomBatchesReadBackIdenticallyAfterReopening(seed: UInt64) async throws {
        var random = SplitMix(seed: 800 + seed)
        var configuration = EventStoreConfiguration.small(
            segmentBytes: Int64.random(in: 256...20_000, using: &random),
            hintBytes: Int64.random(in: 100...5_000, using: &random),
            frameBytes: Int.random(in: 256...8_192, using: &random))
        configuration.maxFrameEvents = Int.random(in: 1...50, using: &random)
        let fileSystem = SimulatedFileSystem()
        var factory = EventFactory(seed: 900 + seed, payloadBytes: 0...20_000)
        let store = try EventStore.simulated(fileSystem, configuration)
        var written: [EventRecord] = []
        for _ in 0..<40 {
            let batch = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                var event = factory.event()
                event.payload = Array(event.payload.prefix(Int.random(in: 0...event.payload.count, using: &random)))
                return event
            }
            written += try await appendAll([batch], to: store)
        }
        #expect(try await store.readAll() == written)
        store.close()
        let reopened = try EventStore.simulated(fileSystem, configuration)
        defer { reopened.close() }
        #expect(try await reopened.readAll() == written)
        let position = Int(random.next() % UInt64(written.count))
        #expect(try reopened.read(seq: written[position].seq) == written[position])
        #expect(try await reopened.readAll(from: written[position].seq) == Array(written[position...]))
        let report = try LogVerifier.verify(directory: simulatedLedger, fileSystem: fileSystem)
        #expect(report.ok && report.tornTail == nil && report.events == written.count)
    }

    /// 120 random batches on a real disk, concurrent appenders, reopened twice.
    @Test func randomBatchesOnARealDiskReadBackIdentically() async throws {
        try await withTemporaryDirectory { dir in
            let configuration = EventStoreConfiguration.small(segmentBytes: 16_384, hintBytes: 4_096)
            let store = try EventStore.posix(dir, configuration)
            let log = AckLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        var factory = EventFactory(seed: UInt64(1_000 + writer), payloadBytes: 0...3_000)
                        for _ in 0..<30 {
                            let batch = factory.batch(maxCount: 5)
                            log.record(batch, try await store.append(batch))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let head = store.head
            store.close()
            for _ in 0..<2 {
                let reopened = try EventStore.posix(dir, configuration)
                let records = try await reopened.readAll()
                #expect(records.count == log.count)
                expectAllPresent(log.snapshot, in: records, "after reopening")
                #expect(reopened.head == head)
                reopened.close()
            }
            #expect(try LogVerifier.verify(directory: dir).head == head)
        }
    }
}
