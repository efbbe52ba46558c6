import EventStore
import GRDB
import Projections

/// What the ledger and the read models report about themselves: the head, what the commit
/// thread and the writer counted, whether both answer.
extension Engine {
    /// The last committed event: its seq, time (Unix ms) and hash-chain head (hex).
    public struct Head: Sendable, Equatable {
        public var seq: UInt64
        public var time: Int64
        public var hash: String
    }

    /// Counted since the last `takeCommitStatistics()`: frames, events, compressed bytes and
    /// each frame's `fdatasync` time; and since start, the writer's batches and commands.
    public struct CommitStatistics: Sendable {
        public var frames: Int
        public var events: Int
        public var bytes: Int
        public var syncNanos: [Int64]
        public var batches: Int
        public var commands: Int
    }

    public var head: Head {
        let head = store.head
        return Head(seq: head.seq, time: head.time, hash: head.hash.hex)
    }

    /// Returns what the store counted since the last call and starts counting afresh.
    public func takeCommitStatistics() -> CommitStatistics {
        let snapshot = store.statistics.take()
        let writer = writer.statistics
        return CommitStatistics(
            frames: snapshot.frames, events: snapshot.events, bytes: snapshot.bytes, syncNanos: snapshot.syncNanos,
            batches: writer.batches, commands: writer.commands)
    }

    /// Throws unless SQLite answers a query and the ledger's head is readable.
    public func checkHealth() async throws {
        _ = try await readModels.reader.read { db in try ReadModels.checkpoint(db) }
        _ = store.head
    }
}
