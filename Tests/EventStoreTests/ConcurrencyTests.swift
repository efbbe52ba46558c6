import Synchronization
import Testing

@testable import EventStore

/// Readers, appenders and close running at the same time.
@Suite struct ConcurrencyTests {
    @Test func readersDuringAppendsSeeOnlyWholeAcknowledgedPrefixes() async throws {
        let fileSystem = SimulatedFileSystem()
        let store = try EventStore.simulated(fileSystem, .small(segmentBytes: 1_000, hintBytes: 400))
        defer { store.close() }
        let log = AckLog()
        let done = Locked(false)
        try await withThrowingTaskGroup(of: [[EventRecord]].self) { group in
            for writer in 0..<4 {
                group.addTask {
                    var factory = EventFactory(seed: UInt64(300 + writer))
                    for _ in 0..<15 {
                        let batch = factory.batch()
                        log.record(batch, try await store.append(batch))
                    }
                    return []
                }
            }
            for reader in 0..<2 {
                group.addTask {
                    var seen: [[EventRecord]] = []
                    while !done.withLock({ $0 }) {
                        let headBefore = store.head.seq
                        let start = UInt64(reader) * 7 + 1
                        let records = try await store.readAll(from: start)
                        // Everything up to the head seen before reading is there, with no gap.
                        #expect(records.count >= Int(headBefore) - Int(start) + 1)
                        #expect(
                            records.map(\.seq) == Array(stride(from: start, to: start + UInt64(records.count), by: 1)))
                        if let last = records.last { _ = try store.read(seq: last.seq) }
                        seen.append(records)
                        await Task.yield()
                    }
                    return seen
                }
            }
            var snapshots: [[EventRecord]] = []
            var writersLeft = 4
            while let result = try await group.next() {
                if result.isEmpty {
                    writersLeft -= 1
                    if writersLeft == 0 { done.withLock { $0 = true } }
                }
                snapshots += result
            }
            let final = try await store.readAll()
            expectAllPresent(log.snapshot, in: final, "after the appends")
            var finalBySeq: [UInt64: EventRecord] = [:]
            for record in final { finalBySeq[record.seq] = record }
            for snapshot in snapshots {
                #expect(
                    snapshot.allSatisfy { finalBySeq[$0.seq] == $0 }, "a reader saw an event that is not in the log")
            }
        }
    }

    @Test func closingWhileAppendingKeepsEveryAcknowledgedEventAndRefusesTheRest() async throws {
        let fileSystem = SimulatedFileSystem()
        fileSystem.slowSyncs(micros: 300)
        let store = try EventStore.simulated(fileSystem, .small(segmentBytes: 1_500))
        let log = AckLog()
        let refusals = Locked<[EventStoreError]>([])
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<6 {
                group.addTask {
                    var factory = EventFactory(seed: UInt64(400 + writer))
                    for _ in 0..<40 {
                        let batch = factory.batch()
                        do {
                            log.record(batch, try await store.append(batch))
                        } catch let error as EventStoreError {
                            refusals.withLock { $0.append(error) }
                        } catch {
                            Issue.record("unexpected \(error)")
                        }
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(20))
                store.close()
            }
        }
        #expect(refusals.withLock { $0 }.allSatisfy { $0 == .closed })
        let reopened = try EventStore.simulated(
            SimulatedFileSystem(image: fileSystem.image.crashed(.dropUnsynced, seed: 0)))
        defer { reopened.close() }
        expectAllPresent(log.snapshot, in: try await reopened.readAll(), "after close and power loss")
        #expect(reopened.head.seq == UInt64(log.count))
    }

    @Test func refusedExpectationsInAGroupCommitLeaveNoGap() async throws {
        let fileSystem = SimulatedFileSystem()
        fileSystem.slowSyncs(micros: 1_000)
        let store = try EventStore.simulated(fileSystem)
        defer { store.close() }
        let log = AckLog()
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<16 {
                group.addTask {
                    var factory = EventFactory(seed: UInt64(500 + writer))
                    for round in 0..<5 {
                        let batch = factory.batch()
                        // Every other append names a first seq that is almost surely wrong.
                        let expecting: UInt64? = (writer + round) % 2 == 0 ? nil : 1_000_000
                        if let result = try? await store.append(batch, expectingFirstSeq: expecting) {
                            log.record(batch, result)
                        }
                    }
                }
            }
        }
        let records = try await store.readAll()
        #expect(records.map(\.seq) == Array(stride(from: 1, through: UInt64(records.count), by: 1)))
        #expect(records.count == log.count)
        expectAllPresent(log.snapshot, in: records, "after mixed expectations")
    }
}
