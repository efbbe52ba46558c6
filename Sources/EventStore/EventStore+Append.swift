import Foundation
import Logging
import Synchronization

/// The queue between appending tasks and the commit thread.
final class AppendQueue: @unchecked Sendable {
    // Every field is guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [PendingAppend] = []
    private var stopping = false
    private var running = false
    private var failure: EventStoreError?
    /// The queue length, readable without the lock, so the commit thread can spin briefly
    /// before sleeping: a lone appender's next append then costs no thread wake-up.
    private let waiting = Atomic<Int>(0)

    func enqueue(_ append: PendingAppend) {
        condition.lock()
        if let failure {
            condition.unlock()
            append.complete(.failure(failure))
            return
        }
        guard running, !stopping else {
            condition.unlock()
            append.complete(.failure(.closed))
            return
        }
        pending.append(append)
        waiting.store(pending.count, ordering: .releasing)
        condition.signal()
        condition.unlock()
    }

    /// Blocks the commit thread until work arrives; takes whole appends up to the frame bounds.
    /// Returns nil when the store is stopping and nothing is left.
    func takeBatch(targetBytes: Int, maxEvents: Int, spin: Duration = .microseconds(50)) -> [PendingAppend]? {
        let until = ContinuousClock.now + spin
        while waiting.load(ordering: .acquiring) == 0 && ContinuousClock.now < until {}
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !stopping { condition.wait() }
        if pending.isEmpty { return nil }
        var bytes = 0
        var events = 0
        var take = 0
        for append in pending {
            if take > 0 && (bytes + append.raw.count > targetBytes || events + append.count > maxEvents) { break }
            bytes += append.raw.count
            events += append.count
            take += 1
        }
        let batch = Array(pending[0..<take])
        pending.removeFirst(take)
        waiting.store(pending.count, ordering: .releasing)
        return batch
    }

    /// Fail-stop: every queued and later append is refused with `error`.
    func fail(_ error: EventStoreError) {
        condition.lock()
        failure = error
        let refused = pending
        pending.removeAll()
        waiting.store(0, ordering: .releasing)
        condition.unlock()
        for append in refused { append.complete(.failure(error)) }
    }

    var failed: EventStoreError? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    func started() {
        condition.lock()
        running = true
        condition.unlock()
    }

    /// Asks the commit thread to finish and waits until it has.
    func stop() {
        condition.lock()
        guard running else {
            stopping = true
            condition.unlock()
            return
        }
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    func finished() {
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
    }
}

/// One caller's append, already encoded on the caller's thread.
struct PendingAppend: Sendable {
    let raw: [UInt8]
    let count: Int
    let minTime: Int64
    let maxTime: Int64
    let expectedFirstSeq: UInt64?
    let complete: @Sendable (Result<AppendResult, EventStoreError>) -> Void
}

/// What only the commit thread touches: the active segment and the chain position.
final class CommitState: @unchecked Sendable {
    var active: Segment
    var end: Int64
    var position: FrameWalker.Position
    var lastFrameOffset: Int64?
    var bytesSinceHint: Int64 = 0
    let statistics: CommitStatistics

    init(
        active: Segment, end: Int64, position: FrameWalker.Position, lastFrameOffset: Int64?,
        statistics: CommitStatistics
    ) {
        self.statistics = statistics
        self.active = active
        self.end = end
        self.position = position
        self.lastFrameOffset = lastFrameOffset
    }
}

extension EventStore {
    /// Appends one command's events as one unit: they get consecutive seqs and share one frame.
    /// Returns once they are durable (`fdatasync` done).
    /// - Parameter expectingFirstSeq: when given, the append is refused unless its first event gets this seq.
    public func append(_ events: [NewEvent], expectingFirstSeq: UInt64? = nil) async throws -> AppendResult {
        let prepared = try prepare(events)
        return try await withUnsafeThrowingContinuation { continuation in
            queue.enqueue(prepared(expectingFirstSeq) { continuation.resume(with: $0) })
        }
    }

    /// The same as `append`, for callers on their own thread (the Engine's SQLite writer).
    public func appendBlocking(_ events: [NewEvent], expectingFirstSeq: UInt64? = nil) throws -> AppendResult {
        let prepared = try prepare(events)
        let box = ResultBox()
        queue.enqueue(prepared(expectingFirstSeq) { box.set($0) })
        return try box.wait().get()
    }

    private func prepare(_ events: [NewEvent]) throws
        -> (UInt64?, @escaping @Sendable (Result<AppendResult, EventStoreError>) -> Void) -> PendingAppend
    {
        guard !events.isEmpty else { throw EventStoreError.emptyAppend }
        guard !configuration.readOnly else { throw EventStoreError.readOnly }
        let raw = EventBatch.encode(events)
        // Readers refuse a larger frame as damage: acknowledging it would lose it at the next open.
        guard raw.count <= FrameHeader.maxPayload else {
            throw EventStoreError.appendTooLarge(bytes: raw.count, limit: FrameHeader.maxPayload)
        }
        var minTime = events[0].time
        var maxTime = minTime
        for event in events {
            minTime = min(minTime, event.time)
            maxTime = max(maxTime, event.time)
        }
        let count = events.count
        return { expected, complete in
            PendingAppend(
                raw: raw, count: count, minTime: minTime, maxTime: maxTime, expectedFirstSeq: expected,
                complete: complete)
        }
    }

    // MARK: - The commit thread

    func startCommitThread(_ state: CommitState) {
        queue.started()
        acknowledger.start()
        let thread = Thread { [self] in
            while let batch = queue.takeBatch(
                targetBytes: min(configuration.targetFrameBytes, FrameHeader.maxPayload),
                maxEvents: configuration.maxFrameEvents)
            {
                commit(batch, state)
            }
            finishCommitting(state)
            acknowledger.stop()
            queue.finished()
        }
        thread.name = "oneledger-commit"
        thread.start()
    }

    private func commit(_ batch: [PendingAppend], _ state: CommitState) {
        if let failure = queue.failed {
            for append in batch { append.complete(.failure(failure)) }
            return
        }
        var accepted: [(PendingAppend, UInt64)] = []
        var raw: [UInt8] = []
        raw.reserveCapacity(batch.reduce(0) { $0 + $1.raw.count })
        var nextSeq = state.position.nextSeq
        var minTime = Int64.max
        var maxTime = Int64.min
        for append in batch {
            if let expected = append.expectedFirstSeq, expected != nextSeq {
                append.complete(.failure(.unexpectedSequence(expected: expected, actual: nextSeq)))
                continue
            }
            accepted.append((append, nextSeq))
            raw.append(contentsOf: append.raw)
            nextSeq += UInt64(append.count)
            minTime = min(minTime, append.minTime)
            maxTime = max(maxTime, append.maxTime)
        }
        guard !accepted.isEmpty else { return }
        let firstSeq = state.position.nextSeq
        let frame = Frame.encode(
            raw: raw, firstSeq: firstSeq, count: Int(nextSeq - firstSeq), minTime: minTime, maxTime: maxTime,
            previousHash: state.position.chain)
        do {
            if state.end > 0 && state.end + Int64(frame.bytes.count) > configuration.maxSegmentBytes {
                try roll(state)
            }
            let offset = state.end
            try state.active.file.write(frame.bytes, at: offset)
            let started = ContinuousClock.now
            if !configuration.unsafeSkipDataSync { try state.active.file.sync() }
            state.statistics.recordSync(
                ContinuousClock.now - started, events: Int(nextSeq - firstSeq), bytes: frame.bytes.count)
            state.end = offset + Int64(frame.bytes.count)
            state.lastFrameOffset = offset
            state.bytesSinceHint += Int64(frame.bytes.count)
            state.position = FrameWalker.Position(nextSeq: nextSeq, chain: frame.hash, lastTime: maxTime)
            state.active.frameCommitted(firstSeq: firstSeq, offset: offset, end: state.end)
            let head = LedgerHead(seq: nextSeq - 1, time: maxTime, hash: frame.hash)
            shared.withLock { $0.head = head }
        } catch {
            failStop(error, answering: accepted.map(\.0))
            return
        }
        let answers = accepted.map { append, first in
            (append, AppendResult(firstSeq: first, lastSeq: first + UInt64(append.count) - 1, frameHash: frame.hash))
        }
        if answers.count <= 2 {
            for answer in answers { answer.0.complete(.success(answer.1)) }
        } else {
            acknowledger.deliver(answers)
        }
        if state.bytesSinceHint >= configuration.hintIntervalBytes {
            do { try writeHint(state) } catch { failStop(error, answering: []) }
        }
    }

    private func failStop(_ error: any Error, answering callers: [PendingAppend]) {
        let failure = EventStoreError.failStopped(reason: "\(error)")
        logger.critical("ledger write failed; refusing further appends", metadata: ["error": "\(error)"])
        for append in callers { append.complete(.failure(failure)) }
        queue.fail(failure)
    }

    /// Seals the active segment (its index made durable) and starts the next one at the next seq.
    private func roll(_ state: CommitState) throws {
        let sealed = state.active
        try loader.writeIndex(sealed.index { SequenceIndex() }, of: sealed, sync: true)
        let next = try loader.createSegment(baseSeq: state.position.nextSeq)
        shared.withLock { $0.segments.append(next) }
        state.active = next
        state.end = 0
        state.lastFrameOffset = nil
        try writeHint(state)
    }

    func writeHint(_ state: CommitState) throws {
        let hint = CheckpointHint(
            segmentBase: state.active.baseSeq, lastFrameOffset: state.lastFrameOffset ?? -1, endOffset: state.end,
            nextSeq: state.position.nextSeq, lastTime: state.position.lastTime, chain: state.position.chain)
        try hint.store(directory: directory, fileSystem: fileSystem)
        state.bytesSinceHint = 0
    }

    private func finishCommitting(_ state: CommitState) {
        guard queue.failed == nil else { return }
        do {
            try loader.writeIndex(state.active.index { SequenceIndex() }, of: state.active, sync: false)
            if state.bytesSinceHint > 0 { try writeHint(state) }
        } catch {
            logger.error("could not write the index or checkpoint hint on close", metadata: ["error": "\(error)"])
        }
    }
}

/// A one-shot result handed from the commit thread to a blocked caller.
final class ResultBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<AppendResult, EventStoreError>?

    func set(_ value: Result<AppendResult, EventStoreError>) {
        condition.lock()
        result = value
        condition.signal()
        condition.unlock()
    }

    func wait() -> Result<AppendResult, EventStoreError> {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}
