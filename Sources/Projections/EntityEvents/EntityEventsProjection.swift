import GRDB
public import Ledger

/// Keeps `entity_events`: for every user, token, channel and redemption code, the seq of each
/// event that names it (`LedgerEvent.entities`), and on a user's rows the change the event made
/// to that user's quota (NULL when none). Audits page through a user's quota events and sum
/// the opening balance from it; point-in-time state folds one entity's events found here.
///
/// WITHOUT ROWID with the key as the whole row: kind, id and seq as varints, a delta only on
/// quota events, about 12 bytes a row (docs/design.md, "Forensics").
enum EntityEventsProjection: Projection {
    static let name = "entity_events"
    /// 2: epay top-ups and invite quota transfers carry their quota delta.
    static let version = 2
    static let tables = ["entity_events"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("entity_events.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE entity_events (
                        kind INTEGER NOT NULL,
                        id INTEGER NOT NULL,
                        seq INTEGER NOT NULL,
                        delta INTEGER,
                        PRIMARY KEY (kind, id, seq)
                    ) WITHOUT ROWID
                    """)
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        try index(recorded, try db.cachedStatement(sql: insert))
    }

    static func apply(run: CounterRun, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: insert)
        for recorded in run.events { try index(recorded, statement) }
    }

    // An event naming one entity twice (a user inviting themself) keeps one row.
    private static let insert = "INSERT OR IGNORE INTO entity_events (kind, id, seq, delta) VALUES (?, ?, ?, ?)"

    private static func index(_ recorded: RecordedEvent, _ insert: Statement) throws {
        let seq = Int64(recorded.seq)
        for entity in recorded.event.entities {
            guard let (kind, id) = EntityKind.key(entity) else { continue }
            let delta = kind == .user ? recorded.event.quotaDelta(user: id) : nil
            try insert.run(binding: kind.rawValue, id, seq, delta)
        }
    }
}

/// The kinds of entity `entity_events` indexes, as stored in its `kind` column.
public enum EntityKind: Int64, Sendable, CaseIterable {
    case user = 1
    case token = 2
    case channel = 3
    case redemption = 4

    /// The kind and id under which `entity` is indexed; nil for options (not indexed).
    public static func key(_ entity: EntityRef) -> (EntityKind, Int64)? {
        switch entity {
        case .user(let id): (.user, id)
        case .token(let id): (.token, id)
        case .channel(let id): (.channel, id)
        case .redemption(let id): (.redemption, id)
        case .option: nil
        }
    }
}
