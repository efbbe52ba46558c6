import EventStore
public import Ledger
public import Projections

/// What the log routes need beyond the read models: the ledger half of usage rows and the
/// notifications of commits.
extension Engine {
    /// The usage events with these seqs, read from the ledger one frame at a time (a frame
    /// read once serves every seq it holds). Seqs that are not usage events are left out.
    public func usages(seqs: [UInt64]) throws -> [UInt64: Oneledger_V1_UsageRecorded] {
        var found: [UInt64: Oneledger_V1_UsageRecorded] = [:]
        var pending = Set(seqs)
        for seq in seqs.sorted() where pending.contains(seq) {
            var cursor = try store.frames(from: seq)
            guard let frame = try cursor.next() else { break }
            for record in try frame.events() where pending.contains(record.seq) {
                pending.remove(record.seq)
                if case .usageRecorded(let usage)? = LedgerEvent(type: record.type, payload: record.payload) {
                    found[record.seq] = usage
                }
            }
            pending.remove(seq)
        }
        return found
    }

    /// `rows` with `ip`, `request_id` and `other` of their usage events filled in from the ledger.
    public func withLedgerDetails(_ rows: [LogRecord]) throws -> [LogRecord] {
        let seqs = rows.filter(\.inLedger).map(\.seq)
        if seqs.isEmpty { return rows }
        let usages = try usages(seqs: seqs)
        return rows.map { row in
            guard row.inLedger, let usage = usages[row.seq] else { return row }
            var row = row
            row.ip = usage.ip
            row.requestId = usage.requestID
            row.other = usage.other
            row.inLedger = false
            return row
        }
    }

    /// The head seq after each commit from now on, at most the latest one buffered: a reader
    /// that falls behind skips notifications, never rows.
    public func commitNotifications() -> AsyncStream<UInt64> { writer.commits.subscribe() }
}
