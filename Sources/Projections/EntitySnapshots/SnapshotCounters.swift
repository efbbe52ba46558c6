import GRDB

/// The snapshot counters (`entity_snapshot_counters`) over one `ReadModels.apply` call, inside
/// its transaction: each entity's count is read on first sight and written once at the end, so
/// a long fold touches each counter row twice, not twice per run.
final class SnapshotCounters {
    typealias Key = EntitySnapshotsProjection.Key

    let interval: Int64
    private var counts: [Key: Int64] = [:]
    private var changed: Set<Key> = []

    init(_ db: Database) throws {
        interval = try EntitySnapshotsProjection.interval(db)
    }

    /// The entity's events since its last snapshot.
    func events(_ key: Key, _ db: Database) throws -> Int64 {
        if let known = counts[key] { return known }
        let stored =
            try db.fetchInt64(
                cachedSQL: "SELECT events FROM entity_snapshot_counters WHERE kind = ? AND id = ?",
                binding: key.kind.rawValue, key.id) ?? 0
        counts[key] = stored
        return stored
    }

    func set(_ key: Key, _ events: Int64) {
        counts[key] = events
        changed.insert(key)
    }

    /// Writes every changed counter.
    func flush(_ db: Database) throws {
        for key in changed {
            try db.executeCached(
                sql: """
                    INSERT INTO entity_snapshot_counters (kind, id, events) VALUES (?, ?, ?)
                    ON CONFLICT (kind, id) DO UPDATE SET events = excluded.events
                    """, binding: key.kind.rawValue, key.id, counts[key] ?? 0)
        }
        changed.removeAll()
    }
}
