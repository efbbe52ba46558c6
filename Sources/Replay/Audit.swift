public import Engine
import Ledger
import Projections

/// A user's quota history from the ledger (`oneledger audit`, `GET /api/ledger/audit/user/:id`):
/// every event that changed the quota, oldest first, with its actor, delta and the running
/// balance; a page at a time, the cursor being the last seq shown.
///
/// The opening balance of a page and the closing balance are sums over the `entity_events`
/// index, so a page costs its own events whatever the history's length. Without `at`, the
/// closing balance must equal the users read model's `quota`: a difference throws
/// `AuditMismatch`.
public enum Audit {
    public struct Item: Sendable, Encodable, Equatable {
        public var seq: UInt64
        /// Unix seconds.
        public var time: Int64
        public var type: String
        public var actor_id: Int64
        public var delta: Int64
        public var balance: Int64
        public var detail: String
    }

    /// One page, shaped as docs/api.md gives it; `next_after` is the cursor of the next page,
    /// 0 on the last one. `quota` is the balance at the audited moment (the last item's
    /// balance on the last page).
    public struct Page: Sendable, Encodable {
        public var user_id: Int64
        public var quota: Int64
        public var items: [Item]
        public var next_after: UInt64
    }

    public static let defaultLimit = 100
    public static let maxLimit = 1_000

    /// The quota events of `user` after seq `after` up to `at`, at most `limit` of them.
    public static func page(engine: Engine, user: Int64, at: AuditPoint, after: UInt64, limit: Int) async throws
        -> Page
    {
        let through = try at.lastSeq(engine)
        let page = try await engine.entityEvents.quotaPage(user: user, after: after, through: through, limit: limit)
        guard page.known || page.readModelQuota != nil else { throw LedgerError.recordNotFound }
        if at == .now, let quota = page.readModelQuota, quota != page.closing {
            throw AuditMismatch(userID: user, ledger: page.closing, readModel: quota, checkpoint: page.checkpoint)
        }
        let events = try engine.events(seqs: page.items.map(\.seq))
        var balance = page.opening
        var items: [Item] = []
        items.reserveCapacity(events.count)
        for (recorded, indexed) in zip(events, page.items) {
            guard recorded.seq == indexed.seq, let change = recorded.event.quotaChange(user: user),
                change.delta == indexed.delta
            else {
                throw AuditMismatch(
                    userID: user, ledger: recorded.event.quotaDelta(user: user) ?? 0, readModel: indexed.delta,
                    checkpoint: page.checkpoint, seq: indexed.seq)
            }
            balance += change.delta
            items.append(
                Item(
                    seq: recorded.seq, time: recorded.seconds, type: recorded.event.type,
                    actor_id: change.operatorID ?? recorded.actorID, delta: change.delta, balance: balance,
                    detail: change.detail))
        }
        guard events.count == page.items.count else {
            throw AuditMismatch(
                userID: user, ledger: balance, readModel: page.closing, checkpoint: page.checkpoint,
                seq: page.items.dropFirst(events.count).first?.seq)
        }
        return Page(
            user_id: user, quota: page.closing, items: items,
            next_after: page.more ? (items.last?.seq ?? after) : 0)
    }
}

/// The ledger and the read models disagree about a user's quota: the sum of the ledger's
/// quota events (or one event's delta, when `seq` is set) against what the read model holds.
public struct AuditMismatch: Error, Sendable, CustomStringConvertible {
    public var userID: Int64
    public var ledger: Int64
    public var readModel: Int64
    public var checkpoint: UInt64
    public var seq: UInt64?

    public var description: String {
        if let seq {
            return
                "audit mismatch for user \(userID) at seq \(seq): the ledger says \(ledger), the index says \(readModel)"
        }
        return
            "audit mismatch for user \(userID): the ledger's events sum to \(ledger) but the read model's quota is \(readModel) (checkpoint \(checkpoint))"
    }
}
