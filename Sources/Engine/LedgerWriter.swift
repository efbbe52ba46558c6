public import EventStore
import GRDB
public import Ledger
public import Logging
public import Projections
public import ServiceLifecycle
import Synchronization

/// The one serial writer: it takes queued commands in batches and, for each batch, opens one
/// SQLite write transaction; per command a savepoint, `decide` against the rows as the earlier
/// commands left them, and `apply` of the events with the seqs it assigns (a refusal rolls back
/// to the savepoint and appends nothing); then it appends the batch's events as one frame
/// (`fdatasync` before return), stores the checkpoint, commits and answers every caller.
/// A failed append rolls the transaction back and fails the whole batch.
///
/// Consecutive usage commands (`RecordUsage`, e.g. many relays' single records) are decided one
/// after the other against a shared `RecordUsage.Memo` and applied together in one savepoint,
/// so each user, token, channel and statistics row they touch is written once per batch; should
/// that apply fail, they run again one by one, as every other command does.
///
/// Its `run()` is the commit loop (a `Service`); `execute` may be called from any task.
public final class LedgerWriter: Service, Sendable {
    let store: EventStore
    let readModels: ReadModels
    let logger: Logger
    let queue = Mutex(Queue())
    let wakeUps: AsyncStream<Void>
    let wake: AsyncStream<Void>.Continuation
    let counters = Mutex((batches: 0, commands: 0))
    let generationCounter = Mutex<UInt64>(0)
    /// Told the head seq after every commit (the live log streams).
    let commits = CommitSubscribers()

    /// Changes whenever a batch commits: read caches keyed by it never serve rows older than
    /// the last answered command (read-your-writes).
    public var generation: UInt64 { generationCounter.withLock { $0 } }

    /// How many batches ran and how many commands they held, for metrics and benchmarks.
    public var statistics: (batches: Int, commands: Int) { counters.withLock { $0 } }

    struct Queue {
        var pending: [Pending] = []
        var stopped = false
    }

    struct Pending: Sendable {
        let command: any Command
        let context: CommandContext
        let continuation: CheckedContinuation<[RecordedEvent], any Error>
    }

    public init(store: EventStore, readModels: ReadModels, logger: Logger) {
        self.store = store
        self.readModels = readModels
        self.logger = logger
        (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Runs `command` in the next batch. Returns its events once they are durable and applied;
    /// throws the command's `LedgerError` when refused, an `EngineError` when the batch failed.
    @discardableResult
    public func execute(_ command: some Command, context: CommandContext) async throws -> [RecordedEvent] {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = queue.withLock { queue in
                guard !queue.stopped else { return false }
                queue.pending.append(Pending(command: command, context: context, continuation: continuation))
                return true
            }
            if accepted { wake.yield() } else { continuation.resume(throwing: EngineError.stopped) }
        }
    }

    /// The commit loop; on graceful shutdown it finishes what is queued, then returns.
    public func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in wakeUps { await drain() }
        } onGracefulShutdown: { [wake] in
            wake.finish()
        }
        queue.withLock { $0.stopped = true }
        await drain()
        commits.finish()
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { queue in
                defer { queue.pending.removeAll() }
                return queue.pending
            }
            if batch.isEmpty { return }
            counters.withLock {
                $0.batches += 1
                $0.commands += batch.count
            }
            await commit(batch)
        }
    }

    private func commit(_ batch: [Pending]) async {
        var outcomes: [Result<[RecordedEvent], LedgerError>] = []
        do {
            outcomes = try await readModels.writer.write { [store] db in
                try Self.decideAndApply(batch, db: db, store: store)
            }
        } catch {
            let failure: EngineError =
                switch error {
                case let error as EngineError: error
                default: .readModels(String(describing: error))
                }
            logger.error("batch failed", metadata: ["engine.batch": "\(batch.count)", "error": "\(failure)"])
            for item in batch { item.continuation.resume(throwing: failure) }
            return
        }
        // Bumped after the commit and before any answer, so a reader that saw the old
        // generation never caches rows from before this batch under the new one.
        generationCounter.withLock { $0 += 1 }
        commits.publish(store.head.seq)
        for (item, outcome) in zip(batch, outcomes) {
            item.continuation.resume(with: outcome.mapError { $0 as any Error })
        }
    }

    /// Runs on GRDB's writer thread, inside its transaction: blocking on the append is fine here.
    private static func decideAndApply(_ batch: [Pending], db: Database, store: EventStore) throws
        -> [Result<[RecordedEvent], LedgerError>]
    {
        let firstSeq = store.head.seq + 1
        var nextSeq = firstSeq
        var outcomes: [Result<[RecordedEvent], LedgerError>] = []
        var appended: [NewEvent] = []
        var position = batch.startIndex
        while position < batch.endIndex {
            var end = position
            while end < batch.endIndex, batch[end].command is RecordUsage { end += 1 }
            if end - position > 1,
                let group = Self.decideAndApplyUsage(batch[position..<end], db: db, firstSeq: nextSeq)
            {
                for outcome in group {
                    if case .success(let produced) = outcome {
                        nextSeq += UInt64(produced.count)
                        appended += produced.map(\.newEvent)
                    }
                    outcomes.append(outcome)
                }
                position = end
                continue
            }
            let item = batch[position]
            position += 1
            var produced: [RecordedEvent] = []
            do {
                try db.inSavepoint {
                    let events = try item.command.decide(ReadModels.decisionState(db), context: item.context)
                    var seq = nextSeq
                    produced.reserveCapacity(events.count)
                    for event in events {
                        produced.append(
                            RecordedEvent(
                                seq: seq, time: item.context.now, actorID: item.context.actorID,
                                requestID: item.context.requestID, clientIP: item.context.clientIP, event: event))
                        seq += 1
                    }
                    // One call per command: a usage batch writes each user, token and channel once.
                    try ReadModels.apply(produced, db)
                    return .commit
                }
                nextSeq += UInt64(produced.count)
                appended += produced.map(\.newEvent)
                outcomes.append(.success(produced))
            } catch let refusal as LedgerError {
                outcomes.append(.failure(refusal))
            } catch {
                // An apply that SQLite refused (a constraint) is this command's failure alone.
                outcomes.append(.failure(.stateUnavailable(String(describing: error))))
            }
        }
        guard !appended.isEmpty else { return outcomes }
        let result: AppendResult
        do {
            result = try store.appendBlocking(appended, expectingFirstSeq: firstSeq)
        } catch {
            throw EngineError.appendFailed(String(describing: error))
        }
        try ReadModels.setCheckpoint(db, result.lastSeq)
        return outcomes
    }

    /// Decides a run of usage commands against one memo and applies all their events at once in
    /// one savepoint. Nil when that apply failed (rolled back): the caller runs them one by one.
    private static func decideAndApplyUsage(_ items: ArraySlice<Pending>, db: Database, firstSeq: UInt64)
        -> [Result<[RecordedEvent], LedgerError>]?
    {
        var outcomes: [Result<[RecordedEvent], LedgerError>] = []
        do {
            try db.inSavepoint {
                outcomes.removeAll()
                var memo = RecordUsage.Memo()
                var seq = firstSeq
                var all: [RecordedEvent] = []
                let state = ReadModels.decisionState(db)
                for item in items {
                    guard let command = item.command as? RecordUsage else { continue }
                    do {
                        let events = try command.decide(state, context: item.context, memo: &memo)
                        var produced: [RecordedEvent] = []
                        produced.reserveCapacity(events.count)
                        for event in events {
                            produced.append(
                                RecordedEvent(
                                    seq: seq, time: item.context.now, actorID: item.context.actorID,
                                    requestID: item.context.requestID, clientIP: item.context.clientIP, event: event))
                            seq += 1
                        }
                        all += produced
                        outcomes.append(.success(produced))
                    } catch let refusal as LedgerError {
                        outcomes.append(.failure(refusal))
                    }
                }
                try ReadModels.apply(all, db)
                return .commit
            }
        } catch {
            return nil
        }
        return outcomes
    }
}
