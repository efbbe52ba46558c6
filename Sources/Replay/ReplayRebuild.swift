import EventStore
import Foundation
public import Ledger
public import Projections

/// `oneledger replay`: rebuilds read models from the ledger of a stopped server's data folder.
///
/// Every frame is checked completely before its events are folded (CRC-32C, decompression,
/// record count, gapless seqs, the hash chain from the first frame), so a damaged frame stops
/// the replay with its segment and byte offset and nothing is swapped in. The models are built
/// in a scratch file beside the target and renamed over it only when complete (file and
/// folder synced first): an interrupted replay leaves the live file as it was.
public enum ReplayRebuild {
    /// What to rebuild, how far and where to.
    public struct Options: Sendable {
        public var dataDirectory: String
        /// Stop after this seq (nil: the head).
        public var untilSeq: UInt64?
        /// Stop before the first event appended after this moment (Unix seconds).
        public var untilTime: Int64?
        /// Rebuild only this projection (`projectionNames`) and those rebuilt with it
        /// (`ReadModels.withDependencies`: entity_snapshots with users, tokens and channels);
        /// the others stay as they are.
        public var projection: String?
        /// Write `readmodels.sqlite` into this folder instead of replacing the live one.
        public var outDirectory: String?
        /// Fold as if no `LogsPruned` had been appended: the pruned log rows come back.
        public var ignorePruning = false

        public init(dataDirectory: String) {
            self.dataDirectory = dataDirectory
        }
    }

    /// How far a replay got; `target` is the seq it replays to.
    public struct Progress: Sendable {
        public var events: Int
        public var seq: UInt64
        public var target: UInt64
        public var seconds: Double
    }

    /// What a replay did.
    public struct Outcome: Sendable {
        public var events: Int
        public var lastSeq: UInt64
        public var seconds: Double
        /// The file written (the live read models, or the one in `outDirectory`).
        public var path: String
        /// Where the seconds went.
        public var timing = Timing()
    }

    /// Where a replay's seconds went: each lane's folding (they overlap), then the end's
    /// serial steps: the side lane's tables copied in, the sorted tables and indexes built.
    public struct Timing: Sendable {
        public var mainLane = 0.0
        public var sideLane = 0.0
        public var copy = 0.0
        public var sortAndIndex = 0.0
    }

    /// The names `--projection` takes.
    public static var projectionNames: [String] { ReadModels.projectionNames.sorted() }

    /// What `--projection name` rebuilds: it and the projections rebuilt with it, sorted.
    public static func rebuilt(with name: String) -> [String] {
        ReadModels.withDependencies([name]).sorted()
    }

    /// Events folded per SQLite transaction.
    static let chunk = 20_000

    /// Rebuilds as `options` say and swaps the result in; `progress` is called every few
    /// thousand events (throwing from it abandons the replay, leaving the target untouched).
    @discardableResult
    public static func run(_ options: Options, progress: @escaping (Progress) throws -> Void = { _ in }) throws
        -> Outcome
    {
        let data = options.dataDirectory
        let live = data + "/readmodels.sqlite"
        if let name = options.projection, !ReadModels.projectionNames.contains(name) {
            throw ReplayError.unknownProjection(name)
        }
        if options.projection != nil, options.untilSeq != nil || options.untilTime != nil {
            throw ReplayError.invalid(
                "--projection rebuilds up to the other read models' checkpoint; it takes no --until-*")
        }
        let folder = options.outDirectory ?? data
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let target = folder + "/readmodels.sqlite"
        let scratch = target + ".replay"
        removeDatabase(at: scratch)
        do {
            let models: ReadModels
            var through = options.untilSeq
            var only: Set<String>?
            if let name = options.projection {
                guard FileManager.default.fileExists(atPath: live) else { throw ReplayError.noReadModels(live) }
                try ReadModels.copy(from: live, to: scratch)
                models = try ReadModels.openForRebuild(path: scratch)
                through = try models.storedCheckpoint()
                // With what it reads or what reads it: entity_snapshots, users, tokens, channels.
                let group = Set(rebuilt(with: name))
                only = group
                try models.reset(projections: group)
            } else {
                models = try ReadModels.openForRebuild(path: scratch)
                // The snapshots are taken at the live file's interval.
                if FileManager.default.fileExists(atPath: live) {
                    try models.setSnapshotInterval(ReadModels.snapshotInterval(path: live))
                }
                try models.reset(projections: [])
            }
            var outcome = try fold(
                data: data, into: models, at: scratch, through: through, untilTime: options.untilTime, only: only,
                ignorePruning: options.ignorePruning, progress: progress)
            try models.close()
            try install(scratch, as: target)
            outcome.path = target
            return outcome
        } catch {
            removeDatabase(at: scratch)
            throw error
        }
    }

    /// Folds the checked ledger of `data` from seq 1 into `models`, the empty scratch file at
    /// `path` (or one whose `only` projections are empty), as a bulk load (`BulkLoad`) on
    /// both cores (`ReplayLanes`).
    static func fold(
        data: String, into models: ReadModels, at path: String, through: UInt64?, untilTime: Int64?,
        only: Set<String>?, ignorePruning: Bool, progress: @escaping (Progress) throws -> Void
    ) throws -> Outcome {
        let load = try models.beginBulkLoad(rebuilding: only)
        let lanes = try ReplayLanes(main: models, only: only, sidePath: path + ".side")
        do {
            return try fold(
                data: data, lanes: lanes, through: through, untilTime: untilTime, only: only,
                ignorePruning: ignorePruning, progress: progress, finish: { try models.finish(load) })
        } catch {
            lanes.abandon()
            throw error
        }
    }

    private static func fold(
        data: String, lanes: ReplayLanes, through: UInt64?, untilTime: Int64?, only: Set<String>?,
        ignorePruning: Bool, progress: @escaping (Progress) throws -> Void, finish: () throws -> Void
    ) throws -> Outcome {
        let ledger = data + "/ledger"
        guard FileManager.default.fileExists(atPath: ledger) else { throw ReplayError.noLedger(ledger) }
        let head = try ledgerHead(ledger)
        let target = min(through ?? head, head)
        let limitTime = untilTime.map { $0 * 1000 + 999 }
        let started = ContinuousClock.now
        var pending: [RecordedEvent] = []
        pending.reserveCapacity(chunk + 8_192)
        var applied = 0
        var lastSeq: UInt64 = 0
        var lastReport = 0
        func elapsed() -> Double { (ContinuousClock.now - started).seconds }
        func flush() throws {
            guard !pending.isEmpty else { return }
            let events = pending
            let last = lastSeq
            try lanes.fold(events, checkpoint: only == nil ? last : nil)
            applied += events.count
            pending.removeAll(keepingCapacity: true)
            if applied - lastReport >= chunk {
                lastReport = applied
                try progress(Progress(events: applied, seq: lastSeq, target: target, seconds: elapsed()))
            }
        }
        let report: LogVerifier.Report
        do {
            report = try LogVerifier.verify(
                directory: ledger, through: target,
                visit: { frame in
                    for record in try frame.events() {
                        if record.seq > target || (limitTime.map { record.time > $0 } ?? false) {
                            throw EndOfReplay()
                        }
                        guard let event = LedgerEvent(type: record.type, payload: record.payload) else {
                            throw ReplayError.undecodable(seq: record.seq, type: record.type)
                        }
                        lastSeq = record.seq
                        if ignorePruning, case .logsPruned = event { continue }
                        pending.append(
                            RecordedEvent(
                                seq: record.seq, time: record.time, actorID: record.metadata.actorID,
                                requestID: record.metadata.requestID, clientIP: record.metadata.clientIP, event: event))
                    }
                    if pending.count >= chunk { try flush() }
                })
        } catch is EndOfReplay {
            report = LogVerifier.Report()
        }
        if let problem = report.problem { throw ReplayError.damaged(problem.description) }
        if let torn = report.tornTail { throw tornTailRefusal(torn) }
        try flush()
        try lanes.finish()
        let sortAndIndex = try ContinuousClock().measure { try finish() }.seconds
        // The checkpoint is the last event looked at, even one left out (`ignorePruning`).
        if only == nil { try lanes.storeCheckpoint(lastSeq) }
        try progress(Progress(events: applied, seq: lastSeq, target: target, seconds: elapsed()))
        var timing = lanes.timing
        timing.sortAndIndex = sortAndIndex
        return Outcome(events: applied, lastSeq: lastSeq, seconds: elapsed(), path: "", timing: timing)
    }

    private struct EndOfReplay: Error {}

    /// The head of a stopped ledger, as a read-only open finds it (damage in the newest
    /// segment that is not a torn tail is refused here already, with segment and offset).
    static func ledgerHead(_ ledger: String) throws -> UInt64 {
        var configuration = EventStoreConfiguration()
        configuration.readOnly = true
        do {
            let store = try EventStore(directory: ledger, configuration: configuration)
            defer { store.close() }
            if let torn = store.recoveredTornTail { throw tornTailRefusal(torn) }
            return store.head.seq
        } catch let error as EventStoreError {
            if case .corruptFrame = error { throw ReplayError.damaged(error.description) }
            throw error
        }
    }

    /// A damaged last frame may be a torn write or an edit of acknowledged history: replay
    /// cannot tell, so it refuses (opening the ledger to serve truncates a torn write).
    static func tornTailRefusal(_ torn: TornTail) -> ReplayError {
        .damaged(
            "segment \(torn.segment), byte offset \(torn.offset): \(torn.reason) (the last frame; if the server "
                + "crashed, starting it once truncates this torn write)")
    }

    /// Syncs `scratch`, folds the old file's write-ahead log away, renames `scratch` over
    /// `target` and syncs the folder: readers see the old file or the new one, never a mix.
    static func install(_ scratch: String, as target: String) throws {
        try FileSync.sync(path: scratch)
        if FileManager.default.fileExists(atPath: target) {
            try ReadModels.checkpointAndClose(path: target)
        }
        for suffix in ["-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        guard rename(scratch, target) == 0 else {
            throw ReplayError.io("rename \(scratch) → \(target): \(String(cString: strerror(errno)))")
        }
        try FileSync.sync(path: (target as NSString).deletingLastPathComponent)
    }

    /// Removes an SQLite file and its companions, if there.
    static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// Why a replay (or its check) stopped.
public enum ReplayError: Error, Sendable, CustomStringConvertible {
    case noLedger(String)
    case noReadModels(String)
    case unknownProjection(String)
    case invalid(String)
    /// A damaged frame followed by valid data: "segment S, byte offset O: reason".
    case damaged(String)
    case undecodable(seq: UInt64, type: String)
    case io(String)

    public var description: String {
        switch self {
        case .noLedger(let path): "no ledger at \(path)"
        case .noReadModels(let path): "no read models at \(path)"
        case .unknownProjection(let name):
            "unknown projection \(name); one of \(ReplayRebuild.projectionNames.joined(separator: ", "))"
        case .invalid(let why): why
        case .damaged(let where_): "the ledger is damaged, nothing was rebuilt: \(where_)"
        case .undecodable(let seq, let type):
            "event \(seq) of type \(type) cannot be decoded by this build; upgrade before replaying"
        case .io(let what): what
        }
    }
}

/// `fsync` of a file or a folder by path.
enum FileSync {
    static func sync(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReplayError.io("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw ReplayError.io("fsync \(path): \(String(cString: strerror(errno)))") }
    }
}
