public import GRDB

/// Reads of `entity_events`: one entity's event seqs since its newest snapshot, and a user's quota events with the sums
/// an audit page needs, each answered from one read transaction (one checkpoint).
public struct EntityEventQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    /// One page of a user's quota events and the balances around it.
    public struct QuotaPage: Sendable {
        /// The balance after every quota event up to the page's `after` seq.
        public var opening: Int64
        /// Seq and delta of each quota event in (after, through], oldest first.
        public var items: [(seq: UInt64, delta: Int64)]
        /// Whether quota events beyond the page exist up to `through`.
        public var more: Bool
        /// The balance after every quota event up to `through`.
        public var closing: Int64
        /// The users read model's `quota` (nil when the row is gone) and the checkpoint it is at.
        public var readModelQuota: Int64?
        public var checkpoint: UInt64
        /// Whether the ledger ever named this user.
        public var known: Bool
    }

    /// The quota events of `user` after `after` and at most `through`, at most `limit` of them.
    public func quotaPage(user: Int64, after: UInt64, through: UInt64, limit: Int) async throws -> QuotaPage {
        try await reader.read { db in
            let bounds = "kind = 1 AND id = ? AND delta IS NOT NULL"
            let opening =
                try Int64.fetchOne(
                    db, sql: "SELECT coalesce(sum(delta), 0) FROM entity_events WHERE \(bounds) AND seq <= ?",
                    arguments: [user, Int64(clamping: after)]) ?? 0
            let closing =
                try Int64.fetchOne(
                    db, sql: "SELECT coalesce(sum(delta), 0) FROM entity_events WHERE \(bounds) AND seq <= ?",
                    arguments: [user, Int64(clamping: through)]) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT seq, delta FROM entity_events WHERE \(bounds) AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                arguments: [user, Int64(clamping: after), Int64(clamping: through), limit + 1])
            let known = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM entity_events WHERE kind = 1 AND id = ?)", arguments: [user])
            return QuotaPage(
                opening: opening,
                items: rows.prefix(limit).map { (UInt64($0["seq"] as Int64), $0["delta"] as Int64) },
                more: rows.count > limit, closing: closing,
                readModelQuota: try Int64.fetchOne(db, sql: "SELECT quota FROM users WHERE id = ?", arguments: [user]),
                checkpoint: try ReadModels.checkpoint(db), known: known ?? false)
        }
    }

    /// One entity's history up to `through`: its newest snapshot at or before it, and the seqs
    /// of its events after that snapshot (all of them when there is none), oldest first; read
    /// in one transaction.
    public func history(kind: EntityKind, id: Int64, through: UInt64) async throws -> (
        snapshot: EntitySnapshot?, seqs: [UInt64]
    ) {
        try await reader.read { db in
            let through = Int64(clamping: through)
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT seq, rows FROM entity_snapshots WHERE kind = ? AND id = ? AND seq <= ?
                    ORDER BY seq DESC LIMIT 1
                    """, arguments: [kind.rawValue, id, through])
            let snapshot = row.map {
                EntitySnapshot(kind: kind, id: id, seq: UInt64($0["seq"] as Int64), rows: $0["rows"])
            }
            let seqs = try Int64.fetchAll(
                db,
                sql: "SELECT seq FROM entity_events WHERE kind = ? AND id = ? AND seq > ? AND seq <= ? ORDER BY seq",
                arguments: [kind.rawValue, id, Int64(snapshot?.seq ?? 0), through]
            ).map { UInt64($0) }
            return (snapshot, seqs)
        }
    }

    /// Every user's balance by the index (sum of its quota deltas), for reconciliation.
    public func balances() async throws -> [Int64: Int64] {
        try await reader.read { db in
            var balances: [Int64: Int64] = [:]
            for row in try Row.fetchAll(
                db,
                sql:
                    "SELECT id, coalesce(sum(delta), 0) AS b FROM entity_events WHERE kind = 1 AND delta IS NOT NULL GROUP BY id"
            ) {
                balances[row["id"]] = row["b"]
            }
            return balances
        }
    }
}
