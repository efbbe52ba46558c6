import Synchronization

/// What the commit thread did: frames, events, bytes and each frame's `fdatasync` time.
public final class CommitStatistics: Sendable {
    public struct Snapshot: Sendable {
        public var frames = 0
        public var events = 0
        public var bytes = 0
        /// fdatasync durations in nanoseconds (the most recent ones, at most `sampleLimit`).
        public var syncNanos: [Int64] = []

        /// The p-th percentile (0…100) of the fsync times, in microseconds.
        public func syncMicros(percentile p: Double) -> Double {
            guard !syncNanos.isEmpty else { return 0 }
            let sorted = syncNanos.sorted()
            let rank = min(sorted.count - 1, Int((p / 100 * Double(sorted.count)).rounded(.down)))
            return Double(sorted[rank]) / 1000
        }
    }

    static let sampleLimit = 1_000_000
    private let state = Mutex(Snapshot())

    func recordSync(_ duration: Duration, events: Int, bytes: Int) {
        let nanos = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        state.withLock {
            $0.frames += 1
            $0.events += events
            $0.bytes += bytes
            if $0.syncNanos.count < Self.sampleLimit { $0.syncNanos.append(nanos) }
        }
    }

    /// Returns what was counted since the last call and starts counting afresh.
    public func take() -> Snapshot {
        state.withLock {
            let snapshot = $0
            $0 = Snapshot()
            return snapshot
        }
    }
}
