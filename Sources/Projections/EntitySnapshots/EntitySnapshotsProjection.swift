import Foundation
import GRDB
import Ledger

/// Keeps `entity_snapshots`: every K-th event naming a user, token or channel (K is the file's
/// snapshot interval, `entity_snapshot_interval`, 1,000 unless configured), the rows that
/// entity's GET route reads, as they stand after that event — `users`, `tokens`, or `channels`
/// and `channel_key_statuses` — keyed (kind, id, seq). `entity_snapshot_counters` holds each
/// entity's events since its last snapshot. Point-in-time state restores the newest snapshot at
/// or before its moment and folds at most K − 1 later events (docs/design.md, "Forensics").
///
/// It applies last, after the entities' own projections, and reads their tables: it is rebuilt
/// together with them (`reads`). A run of counter events is cut after the event that brings a
/// counter to K (`ReadModels.apply`), so the rows read after the run are the rows after that event.
enum EntitySnapshotsProjection: Projection {
    static let name = "entity_snapshots"
    static let version = 1
    static let tables = ["entity_snapshots", "entity_snapshot_counters"]
    static let reads = ["users", "tokens", "channels"]
    static let defaultInterval: Int64 = 1_000

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("entity_snapshots.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE entity_snapshots (
                        kind INTEGER NOT NULL,
                        id INTEGER NOT NULL,
                        seq INTEGER NOT NULL,
                        rows BLOB NOT NULL,
                        PRIMARY KEY (kind, id, seq)
                    );
                    CREATE TABLE entity_snapshot_counters (
                        kind INTEGER NOT NULL,
                        id INTEGER NOT NULL,
                        events INTEGER NOT NULL,
                        PRIMARY KEY (kind, id)
                    ) WITHOUT ROWID;
                    CREATE TABLE entity_snapshot_interval (
                        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), events INTEGER NOT NULL);
                    INSERT INTO entity_snapshot_interval (id, events) VALUES (1, \(defaultInterval));
                    """)
        }
    }

    /// The tables a kind's snapshot holds: each with the column naming the entity and the row order.
    static func sources(_ kind: EntityKind) -> [(table: String, key: String, order: String)] {
        switch kind {
        case .user: [("users", "id", "id")]
        case .token: [("tokens", "id", "id")]
        case .channel: [("channels", "id", "id"), ("channel_key_statuses", "channel_id", "key_index")]
        case .redemption: []
        }
    }

    struct Key: Hashable, Comparable {
        var kind: EntityKind
        var id: Int64

        static func < (a: Key, b: Key) -> Bool { (a.kind.rawValue, a.id) < (b.kind.rawValue, b.id) }
    }

    /// Each entity's events since its last snapshot after a prefix of events (ending at `end`),
    /// and the seq of its last event in it.
    struct Counts {
        var entities: [Key: (events: Int64, seq: UInt64)] = [:]
        var end: Int
    }

    // `ReadModels.apply` calls `count` and `record` itself, after the other projections; these
    // two serve a caller that folds this projection alone, event by event.
    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        let counters = try SnapshotCounters(db)
        try record(count([recorded][...], cut: false, counters, db), counters, db)
        try counters.flush(db)
    }

    static func apply(run: CounterRun, _ db: Database) throws {
        let counters = try SnapshotCounters(db)
        try record(count(run.events, cut: false, counters, db), counters, db)
        try counters.flush(db)
    }

    /// Counts `events` on from `counters`; with `cut`, stops after the first event that brings
    /// a counter to the interval.
    static func count(_ events: ArraySlice<RecordedEvent>, cut: Bool, _ counters: SnapshotCounters, _ db: Database)
        throws -> Counts
    {
        var counts = Counts(end: events.endIndex)
        for index in events.indices {
            let seq = events[index].seq
            var reached = false
            for entity in events[index].event.entities {
                guard let (kind, id) = EntityKind.key(entity), kind != .redemption else { continue }
                let key = Key(kind: kind, id: id)
                let known = counts.entities[key]
                // An event naming one entity twice counts once, as `entity_events` keeps one row.
                if known?.seq == seq { continue }
                let events = (try known?.events ?? counters.events(key, db)) + 1
                counts.entities[key] = (events, seq)
                if events >= counters.interval { reached = true }
            }
            if cut, reached {
                counts.end = index + 1
                break
            }
        }
        return counts
    }

    /// Takes the snapshots of the entities whose count reached the interval (the rows read now
    /// are the rows after the counted events) and leaves the new counts in `counters`.
    static func record(_ counts: Counts, _ counters: SnapshotCounters, _ db: Database) throws {
        var reached: [(key: Key, seq: UInt64)] = []
        for (key, count) in counts.entities {
            if count.events >= counters.interval { reached.append((key, count.seq)) }
            counters.set(key, count.events >= counters.interval ? 0 : count.events)
        }
        // In key order, so a replay inserts the rows as the first fold did.
        for (key, seq) in reached.sorted(by: { $0.key < $1.key }) { try take(key, seq: seq, db) }
    }

    static func interval(_ db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "SELECT events FROM entity_snapshot_interval WHERE id = 1")
        return max(1, try Int64.fetchOne(statement) ?? defaultInterval)
    }

    /// The entity's rows as they stand now, stored as its snapshot at `seq`.
    static func take(_ key: Key, seq: UInt64, _ db: Database) throws {
        let rows = try sources(key.kind).map { source in
            try Row.fetchAll(
                db, sql: "SELECT * FROM \(source.table) WHERE \(source.key) = ? ORDER BY \(source.order)",
                arguments: [key.id])
        }
        try db.executeCached(
            sql: "INSERT OR REPLACE INTO entity_snapshots (kind, id, seq, rows) VALUES (?, ?, ?, ?)",
            arguments: [key.kind.rawValue, key.id, Int64(seq), SnapshotRows.encode(rows)])
    }

    /// Writes a snapshot's rows into `db` (a scratch copy), with the channel's abilities derived
    /// from its row as the channels projection derives them.
    static func restore(_ snapshot: EntitySnapshot, _ db: Database) throws {
        let sources = sources(snapshot.kind)
        let tables = try SnapshotRows.decode(snapshot.rows, tables: sources.count)
        for (source, rows) in zip(sources, tables) {
            for row in rows where !row.isEmpty {
                let columns = row.map { "\"" + $0.0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                let marks = Array(repeating: "?", count: row.count).joined(separator: ", ")
                try db.execute(
                    sql: "INSERT INTO \(source.table) (\(columns.joined(separator: ", "))) VALUES (\(marks))",
                    arguments: StatementArguments(row.map(\.1)))
            }
        }
        if snapshot.kind == .channel { try Abilities.rebuild(channelID: snapshot.id, db) }
    }
}

/// One stored snapshot: the entity, the seq it was taken after, and its rows (`SnapshotRows`).
public struct EntitySnapshot: Sendable {
    public var kind: EntityKind
    public var id: Int64
    public var seq: UInt64
    var rows: Data
}
