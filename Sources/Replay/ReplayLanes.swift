import Dispatch
import EventStore
import Foundation
import Ledger
import Projections
import Synchronization

/// The folding side of a replay. A full replay folds on both cores: the side lane folds the
/// log and statistics models (`ReadModels.sideLane`) into a file of their own while the main
/// lane folds everything else into the scratch file, each taking every chunk in order, and
/// the side file's tables are copied in at the end. Each lane runs up to `ahead` chunks
/// behind the reader, so neither waits for the other and the next chunks are read and checked
/// while they fold. A replay of one projection folds on one lane.
final class ReplayLanes: Sendable {
    private let main: ReadModels
    private let mainOnly: Set<String>?
    private let side: (models: ReadModels, path: String)?
    private let queues = (main: DispatchQueue(label: "replay.main"), side: DispatchQueue(label: "replay.side"))
    private let group = DispatchGroup()
    /// Chunks a lane may have waiting: enough to ride out the other lane's slower chunks.
    private static let ahead = 4
    private let slots = (main: DispatchSemaphore(value: ahead), side: DispatchSemaphore(value: ahead))
    private let failure = Mutex<(any Error)?>(nil)
    /// Seconds each lane spent folding, and the end's copy, for `ReplayRebuild.Outcome`.
    private let timings = Mutex(ReplayRebuild.Timing())
    var timing: ReplayRebuild.Timing { timings.withLock { $0 } }

    /// Lanes folding into `main` (to `only`, or all projections: then with a side lane in a
    /// file at `sidePath`, created here).
    init(main: ReadModels, only: Set<String>?, sidePath: String) throws {
        self.main = main
        if only == nil {
            ReplayRebuild.removeDatabase(at: sidePath)
            let models = try ReadModels.openForRebuild(path: sidePath)
            try models.reset(projections: [])
            _ = try models.beginBulkLoad(rebuilding: ReadModels.sideLane)
            side = (models, sidePath)
            mainOnly = ReadModels.projectionNames.subtracting(ReadModels.sideLane)
        } else {
            side = nil
            mainOnly = only
        }
    }

    /// Queues `events` on each lane (with `checkpoint` stored beside them in the main file),
    /// waiting while a lane is `ahead` chunks behind; throws what a lane threw on an earlier chunk.
    func fold(_ events: [RecordedEvent], checkpoint: UInt64?) throws {
        if let error = failure.withLock({ $0 }) { throw error }
        enqueue(on: queues.main, slots.main) { [self] in
            let seconds = try ContinuousClock().measure {
                try main.fold(events, only: mainOnly, checkpoint: checkpoint)
            }.seconds
            timings.withLock { $0.mainLane += seconds }
        }
        guard let side else { return }
        let sideOnly = ReadModels.sideLane.union(ReadModels.sideLaneReads)
        enqueue(on: queues.side, slots.side) { [self] in
            let seconds = try ContinuousClock().measure {
                try side.models.fold(events, only: sideOnly, checkpoint: nil)
            }.seconds
            timings.withLock { $0.sideLane += seconds }
        }
    }

    private func enqueue(
        on queue: DispatchQueue, _ slots: DispatchSemaphore, _ work: @escaping @Sendable () throws -> Void
    ) {
        slots.wait()
        queue.async(group: group) { [self] in
            defer { slots.signal() }
            // After a failure the lanes only drain what was queued.
            guard failure.withLock({ $0 == nil }) else { return }
            record(work)
        }
    }

    /// Waits for the lanes, then copies the side lane's tables into the main file and removes
    /// the side file.
    func finish() throws {
        try wait()
        guard let side else { return }
        try side.models.close()
        let seconds = try ContinuousClock().measure { try main.copyTables(of: ReadModels.sideLane, from: side.path) }
            .seconds
        timings.withLock { $0.copy = seconds }
        ReplayRebuild.removeDatabase(at: side.path)
    }

    /// Stores the checkpoint alone in the main file (after `finish`).
    func storeCheckpoint(_ seq: UInt64) throws {
        try main.storeCheckpoint(seq)
    }

    /// Waits for the lanes and removes the side file, after a replay stopped short.
    func abandon() {
        group.wait()
        guard let side else { return }
        try? side.models.close()
        ReplayRebuild.removeDatabase(at: side.path)
    }

    private func wait() throws {
        group.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func record(_ body: () throws -> Void) {
        do { try body() } catch { failure.withLock { $0 = $0 ?? error } }
    }
}
