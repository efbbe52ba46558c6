@testable import EventStore

/// The appends of the fault and power-loss tests: small segments and a small hint interval so
/// that rollovers, index writes and checkpoint-hint replacements happen every few frames.
struct CrashWorkload: Sendable {
    var configuration: EventStoreConfiguration = .small(segmentBytes: 1_200, hintBytes: 500)
    /// One list of appends per concurrent appender.
    var appenders: [[[NewEvent]]]

    init(seed: UInt64, appenders count: Int, appendsEach: Int, payloadBytes: ClosedRange<Int> = 20...120) {
        appenders = (0..<count).map { writer in
            var factory = EventFactory(seed: seed &* 1_000 &+ UInt64(writer), payloadBytes: payloadBytes)
            return (0..<appendsEach).map { number in
                var batch = factory.batch()
                for i in batch.indices { batch[i].metadata.requestID = "w\(writer)-a\(number)-e\(i)" }
                return batch
            }
        }
    }

    /// Every event submitted, with the append it belongs to (writer, number) and its place in it.
    var submitted: [NewEvent: (append: [Int], index: Int, count: Int)] {
        var all: [NewEvent: (append: [Int], index: Int, count: Int)] = [:]
        for (writer, appends) in appenders.enumerated() {
            for (number, batch) in appends.enumerated() {
                for (index, event) in batch.enumerated() { all[event] = ([writer, number], index, batch.count) }
            }
        }
        return all
    }
}

/// What happened while the workload ran.
struct WorkloadOutcome {
    var acked: AckLog
    var openError: (any Error)?
    var errors: [any Error] = []
    /// True when an append was acknowledged after an earlier append of the same appender failed.
    var acknowledgedAfterAFailure = false
}

/// Opens the store and runs the workload; the store is closed when this returns.
func run(_ workload: CrashWorkload, on fileSystem: SimulatedFileSystem, acked: AckLog = AckLog()) async
    -> WorkloadOutcome
{
    var outcome = WorkloadOutcome(acked: acked)
    let store: EventStore
    do {
        store = try EventStore.simulated(fileSystem, workload.configuration)
    } catch {
        outcome.openError = error
        return outcome
    }
    defer { store.close() }
    let results = await withTaskGroup(of: ([any Error], Bool).self) { group in
        for appends in workload.appenders {
            group.addTask {
                var errors: [any Error] = []
                var ackedAfterFailure = false
                for batch in appends {
                    do {
                        let result = try await store.append(batch)
                        acked.record(batch, result)
                        if !errors.isEmpty { ackedAfterFailure = true }
                    } catch {
                        errors.append(error)
                    }
                }
                return (errors, ackedAfterFailure)
            }
        }
        return await group.reduce(into: [([any Error], Bool)]()) { $0.append($1) }
    }
    for (errors, after) in results {
        outcome.errors += errors
        outcome.acknowledgedAfterAFailure = outcome.acknowledgedAfterAFailure || after
    }
    return outcome
}

/// What reopening a crashed ledger can find wrong.
enum RecoveryProblem: Equatable, CustomStringConvertible {
    case openFailed(String)
    case readFailed(String)
    case lostAcknowledged(seq: UInt64)
    case foreignEvent(seq: UInt64)
    case halfAppend(seq: UInt64)
    case verifyFailed(String)
    case appendFailed(String)

    var description: String {
        switch self {
        case .openFailed(let why): "reopen failed: \(why)"
        case .readFailed(let why): "reading failed: \(why)"
        case .lostAcknowledged(let seq): "acknowledged event \(seq) lost or changed"
        case .foreignEvent(let seq): "event \(seq) is not one that was appended"
        case .halfAppend(let seq): "event \(seq) belongs to an append that is only partly there"
        case .verifyFailed(let why): "verify after recovery: \(why)"
        case .appendFailed(let why): "append after recovery: \(why)"
        }
    }
}

/// Reopens the ledger on `fileSystem` and checks: every acknowledged event byte for byte,
/// nothing that was not appended, no append half there, a clean verify, and a new append that
/// chains on. The store is closed again before this returns.
/// - Parameter ackLog: where to record the append made after recovery, for a later power cut.
func recoveryProblems(
    on fileSystem: SimulatedFileSystem, acked: [UInt64: NewEvent], workload: CrashWorkload, ackLog: AckLog? = nil
) async -> [RecoveryProblem] {
    let store: EventStore
    do {
        store = try EventStore.simulated(fileSystem, workload.configuration)
    } catch {
        return [.openFailed("\(error)")]
    }
    defer { store.close() }
    let records: [EventRecord]
    do {
        records = try await store.readAll()
    } catch {
        return [.readFailed("\(error)")]
    }
    var problems: [RecoveryProblem] = []
    var bySeq: [UInt64: NewEvent] = [:]
    for record in records { bySeq[record.seq] = record.event }
    for seq in acked.keys.sorted() where bySeq[seq] != acked[seq] { problems.append(.lostAcknowledged(seq: seq)) }
    let submitted = workload.submitted
    for (position, record) in records.enumerated() {
        guard let origin = submitted[record.event] else {
            problems.append(.foreignEvent(seq: record.seq))
            continue
        }
        // The neighbours inside the same append must be there, in order.
        let before = position > 0 ? submitted[records[position - 1].event] : nil
        let after = position + 1 < records.count ? submitted[records[position + 1].event] : nil
        let startsRight = origin.index == 0 || (before?.append == origin.append && before?.index == origin.index - 1)
        let endsRight =
            origin.index == origin.count - 1 || (after?.append == origin.append && after?.index == origin.index + 1)
        if !startsRight || !endsRight { problems.append(.halfAppend(seq: record.seq)) }
    }
    do {
        let report = try LogVerifier.verify(directory: simulatedLedger, fileSystem: fileSystem)
        if !report.ok || report.tornTail != nil {
            problems.append(
                .verifyFailed("\(String(describing: report.problem)) \(String(describing: report.tornTail))"))
        }
    } catch {
        problems.append(.verifyFailed("\(error)"))
    }
    do {
        let head = store.head
        let event = NewEvent(time: 1, type: "AfterCrash", stream: "s", payload: [1])
        let result = try await store.append([event])
        ackLog?.record([event], result)
        if result.firstSeq != head.seq + 1 {
            problems.append(.appendFailed("got seq \(result.firstSeq) after head \(head.seq)"))
        }
    } catch {
        problems.append(.appendFailed("\(error)"))
    }
    return problems
}
