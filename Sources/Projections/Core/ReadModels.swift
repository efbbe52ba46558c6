public import GRDB
public import Ledger

/// The SQLite read models: one writer connection (the Engine's) and concurrent readers (WAL),
/// the schema migrations of every projection, the checkpoint, and the folding of events.
///
/// The checkpoint (the last applied ledger seq) is written in the same transaction as the
/// rows it covers, so rows and checkpoint never disagree.
public struct ReadModels: Sendable {
    public let writer: any DatabaseWriter
    public var reader: any DatabaseReader { writer }

    /// The writer connection's page cache: the index pages every usage batch touches (one
    /// leaf per user, token, model and channel in each of the log indexes) stay in memory
    /// instead of being read back from the OS for every row. Readers keep SQLite's default.
    static let writerCacheKiB = 65_536

    /// Opens (or creates) `path` as a WAL pool with `synchronous = NORMAL` and migrates it.
    public static func open(path: String) throws -> ReadModels {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -\(writerCacheKiB)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
            }
        }
        configuration.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: configuration)
        return try ReadModels(writer: pool)
    }

    /// An in-memory database for unit tests.
    public static func inMemory() throws -> ReadModels {
        try ReadModels(writer: DatabaseQueue())
    }

    public init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("meta.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE projection_meta (name TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL);
                    CREATE TABLE checkpoint (id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), seq INTEGER NOT NULL);
                    INSERT INTO checkpoint (id, seq) VALUES (1, 0);
                    """)
        }
        for projection in AllProjections.list { projection.registerMigrations(&migrator) }
        return migrator
    }

    // MARK: - Checkpoint and versions

    /// The last ledger seq whose events the rows include.
    public static func checkpoint(_ db: Database) throws -> UInt64 {
        UInt64(try Int64.fetchOne(db, sql: "SELECT seq FROM checkpoint WHERE id = 1") ?? 0)
    }

    public static func setCheckpoint(_ db: Database, _ seq: UInt64) throws {
        try db.executeCached(sql: "UPDATE checkpoint SET seq = ? WHERE id = 1", arguments: [Int64(seq)])
    }

    /// The names of every projection, as `reset` and `apply(only:)` take them.
    public static var projectionNames: Set<String> { Set(AllProjections.list.map { $0.name }) }

    /// Names of the projections whose stored version differs from the code's (a fresh
    /// database has none stored: they count as current once `markCurrent` ran).
    public func staleProjections() throws -> Set<String> {
        try writer.read { db in
            let stored = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT name, version FROM projection_meta").map {
                    (($0["name"] as String), ($0["version"] as Int))
                })
            let checkpoint = try Self.checkpoint(db)
            var stale: Set<String> = []
            for projection in AllProjections.list {
                let version = stored[projection.name]
                // A projection never recorded in a database that already holds events must be built.
                if version != projection.version, version != nil || checkpoint > 0 { stale.insert(projection.name) }
            }
            return stale
        }
    }

    /// Empties the tables of the named projections. Their versions stay as stored: the caller
    /// records them (`markCurrent`) once the rebuild is whole, so a rebuild cut short is
    /// found stale again and redone rather than served half-built.
    public static func reset(_ db: Database, projections names: Set<String>) throws {
        for projection in AllProjections.list where names.contains(projection.name) {
            for table in projection.tables { try db.execute(sql: "DELETE FROM \(table)") }
        }
    }

    /// Records every projection's version as the code's.
    public static func markCurrent(_ db: Database) throws {
        for projection in AllProjections.list {
            try db.execute(
                sql: "INSERT OR REPLACE INTO projection_meta (name, version) VALUES (?, ?)",
                arguments: [projection.name, projection.version])
        }
    }

    // MARK: - Folding

    /// Applies one event to every projection (or only to `only`), inside the caller's transaction.
    public static func apply(_ event: RecordedEvent, _ db: Database, only: Set<String>? = nil) throws {
        try apply(CollectionOfOne(event), db, only: only)
    }

    /// Applies `events` in order, inside the caller's transaction. Runs of usage, reservation
    /// and imported-log events go to each projection as a whole, so each user, token, channel
    /// and rollup row they touch is written once per run (and what the projections share is
    /// worked out once, `CounterRun`); every other event goes to every
    /// projection before the next one, since a projection may read what another wrote.
    ///
    /// `entity_snapshots` comes last, after each event or run, with counters read and written
    /// once per call (`SnapshotCounters`); a run ends after an event that brings an entity to
    /// its snapshot, so the snapshot holds the rows as they stand right after that event.
    public static func apply(
        _ events: some RandomAccessCollection<RecordedEvent>, _ db: Database, only: Set<String>? = nil
    )
        throws
    {
        let events = Array(events)[...]
        let counters =
            only?.contains(EntitySnapshotsProjection.name) ?? true ? try SnapshotCounters(db) : nil
        var start = events.startIndex
        while start < events.endIndex {
            guard events[start].event.foldsInRuns else {
                for projection in AllProjections.entities where only?.contains(projection.name) ?? true {
                    try projection.apply(events[start], db)
                }
                if let counters {
                    try EntitySnapshotsProjection.record(
                        EntitySnapshotsProjection.count(events[start...start], cut: false, counters, db), counters, db)
                }
                start += 1
                continue
            }
            var end = start + 1
            while end < events.endIndex, events[end].event.foldsInRuns { end += 1 }
            let counts = try counters.map {
                try EntitySnapshotsProjection.count(events[start..<end], cut: true, $0, db)
            }
            end = counts?.end ?? end
            let run = CounterRun(events[start..<end])
            for projection in AllProjections.entities where only?.contains(projection.name) ?? true {
                try projection.apply(run: run, db)
            }
            if let counts, let counters { try EntitySnapshotsProjection.record(counts, counters, db) }
            start = end
        }
        try counters?.flush(db)
    }

    /// The state decisions read, over a connection inside the writer's transaction.
    public static func decisionState(_ db: Database) -> some DecisionState {
        DatabaseDecisionState(db: db)
    }
}
