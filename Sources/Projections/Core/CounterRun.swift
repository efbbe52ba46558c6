import GRDB
import Ledger

/// A run of usage, reservation and imported-log events (`LedgerEvent.foldsInRuns`) as every
/// projection folds it: what they share is worked out once per run, not once per projection:
/// the net counter deltas per user,
/// token and channel, the usage records with their dates filled in, and the interned ids of
/// the texts the run repeats (a model name, a group, a content template is looked up once).
///
/// It lives for one `ReadModels.apply` inside one transaction, so the ids it remembers were
/// read or written by that transaction and are dropped with it.
final class CounterRun {
    let events: ArraySlice<RecordedEvent>
    private(set) lazy var deltas = CounterDeltas(events)
    private(set) lazy var usages: [(seq: UInt64, usage: Oneledger_V1_UsageRecorded)] = events.compactMap { recorded in
        if case .usageRecorded(let e) = recorded.event { return (recorded.seq, e.dated(recorded)) }
        return nil
    }
    private var interned: [InternedString: [String: Int64]] = [:]

    init(_ events: ArraySlice<RecordedEvent>) {
        self.events = events
    }

    /// `InternedString.id`, remembered for the rest of the run.
    func id(_ kind: InternedString, _ text: String, _ db: Database) throws -> Int64 {
        if let known = interned[kind]?[text] { return known }
        let id = try kind.id(text, db)
        interned[kind, default: [:]][text] = id
        return id
    }
}
