import Synchronization

/// Who wants to hear that a batch committed (the live log streams). The writer publishes the
/// new head seq after the commit and never waits: each subscriber holds at most the latest
/// seq (`bufferingNewest(1)`), so a slow subscriber only misses intermediate notifications,
/// never rows — it reads the rows after its cursor from the read models at its own pace.
final class CommitSubscribers: Sendable {
    private let subscribers = Mutex<(next: Int, all: [Int: AsyncStream<UInt64>.Continuation])>((0, [:]))

    /// A stream of head seqs, one element per commit at most buffered; ends when cancelled.
    func subscribe() -> AsyncStream<UInt64> {
        let (stream, continuation) = AsyncStream.makeStream(of: UInt64.self, bufferingPolicy: .bufferingNewest(1))
        let id = subscribers.withLock { state in
            state.next += 1
            state.all[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.all.removeValue(forKey: id) }
        }
        return stream
    }

    /// Tells every subscriber the head moved to `seq`.
    func publish(_ seq: UInt64) {
        let all = subscribers.withLock { Array($0.all.values) }
        for continuation in all { continuation.yield(seq) }
    }

    /// Ends every stream (the writer stopped).
    func finish() {
        let all = subscribers.withLock { state in
            defer { state.all.removeAll() }
            return Array(state.all.values)
        }
        for continuation in all { continuation.finish() }
    }
}
