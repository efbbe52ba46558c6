import GRDB

/// The public side of entity snapshots: the file's snapshot interval, a snapshot restored into
/// a scratch copy, and the projections that are rebuilt together because one reads another's
/// tables. (One entity's history since its newest snapshot: `EntityEventQueries.history`.)
extension ReadModels {
    /// The snapshot interval this file folds with (K: a snapshot every K events of an entity).
    public func snapshotInterval() throws -> Int64 {
        try writer.read { db in try EntitySnapshotsProjection.interval(db) }
    }

    /// The snapshot interval of the database at `path` (read only; the file must exist).
    public static func snapshotInterval(path: String) throws -> Int64 {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try EntitySnapshotsProjection.interval(db) }
    }

    /// Sets the snapshot interval (at least 1). A change marks `entity_snapshots` stale, so the
    /// next catch-up rebuilds the snapshots (and what they read) at the new interval.
    public func setSnapshotInterval(_ events: Int64) throws {
        let events = max(1, events)
        try writer.write { db in
            guard try EntitySnapshotsProjection.interval(db) != events else { return }
            try db.execute(sql: "UPDATE entity_snapshot_interval SET events = ? WHERE id = 1", arguments: [events])
            try db.execute(
                sql: "UPDATE projection_meta SET version = 0 WHERE name = ?",
                arguments: [EntitySnapshotsProjection.name])
        }
    }

    /// Writes `snapshot`'s rows into these (scratch) read models.
    public func restore(_ snapshot: EntitySnapshot) async throws {
        try await writer.write { db in try EntitySnapshotsProjection.restore(snapshot, db) }
    }

    /// `names` with every projection rebuilt together with them: a projection that reads
    /// others' tables while it folds (`entity_snapshots` reads users, tokens and channels) is
    /// rebuilt with them, and they with it, so it never reads tables at another moment.
    public static func withDependencies(_ names: Set<String>) -> Set<String> {
        var result = names
        var grew = true
        while grew {
            grew = false
            for projection in AllProjections.list where !projection.reads.isEmpty {
                let group = Set(projection.reads + [projection.name])
                if !result.isDisjoint(with: group), !result.isSuperset(of: group) {
                    result.formUnion(group)
                    grew = true
                }
            }
        }
        return result
    }
}
