// EventStore: OneLedger's only source of truth — an append-only, LZ4-compressed, hash-chained,
// crash-safe log of events in segment files, with group commit and recovery. It knows bytes,
// sequence numbers, frames and durability; nothing of users or quotas.

public import Logging
import Synchronization

/// The ledger on disk: segments of frames under one directory (`DIR/ledger`).
///
/// - Appends from any task are queued; one commit thread packs whole appends into one frame,
///   writes it, calls `fdatasync`, and only then answers every caller of that frame.
/// - A failed write or fsync stops the store (`failStopped`) until it is reopened: no
///   acknowledgement is ever given for data that may not be on disk.
/// - Readers on any thread see frames up to the durable head.
public final class EventStore: Sendable {
    public let directory: String
    let fileSystem: any StoreFileSystem
    let configuration: EventStoreConfiguration
    let logger: Logger
    let loader: SegmentLoader
    let shared: Mutex<Shared>
    let queue: AppendQueue
    let acknowledger = Acknowledger()
    /// Counters of the commit thread (frames, events, fdatasync times), for benchmarks and metrics.
    public let statistics = CommitStatistics()
    /// What recovery found and cut off when this store was opened, if anything.
    public let recoveredTornTail: TornTail?

    struct Shared {
        var segments: [Segment]
        var head: LedgerHead
    }

    /// Opens (and, unless read-only, creates and recovers) the ledger in `directory`.
    public init(
        directory: String,
        configuration: EventStoreConfiguration = .init(),
        fileSystem: any StoreFileSystem = PosixFileSystem(),
        logger: Logger = Logger(label: "oneledger.eventstore")
    ) throws {
        self.directory = directory
        self.fileSystem = fileSystem
        self.configuration = configuration
        self.logger = logger
        loader = SegmentLoader(
            directory: directory, fileSystem: fileSystem, configuration: configuration, logger: logger)
        let loaded = try loader.load()
        recoveredTornTail = loaded.truncated
        let head = LedgerHead(
            seq: loaded.position.nextSeq - 1, time: loaded.position.lastTime, hash: loaded.position.chain)
        shared = Mutex(Shared(segments: loaded.segments, head: head))
        queue = AppendQueue()
        guard !configuration.readOnly, let active = loaded.segments.last else { return }
        let commit = CommitState(
            active: active, end: loaded.activeEnd, position: loaded.position, lastFrameOffset: loaded.lastFrameOffset,
            statistics: statistics)
        if loaded.hintStale { try writeHint(commit) }
        startCommitThread(commit)
    }

    /// The last committed event's seq, time and chain hash.
    public var head: LedgerHead { shared.withLock { $0.head } }

    var segments: [Segment] { shared.withLock { $0.segments } }

    /// Stops accepting appends, waits for queued ones, writes the active segment's index and
    /// the checkpoint hint, and closes the files. Safe to call twice.
    public func close() {
        queue.stop()
        for segment in segments { segment.file.close() }
    }

}
