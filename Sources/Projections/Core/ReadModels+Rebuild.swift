import Foundation
public import GRDB
public import Ledger

/// Read models built beside the live ones by a replay: a single connection tuned for bulk
/// folding (no journal, no syncs while building; the replay syncs the finished file before it
/// swaps it in), and a consistent copy of the live file for rebuilding one projection.
extension ReadModels {
    /// Opens (creating) `path` for a bulk rebuild. The file is only ever swapped in whole, so
    /// a crash mid-build leaves just a scratch file to delete: no journal is needed. Sorts (the
    /// indexes and tables of a `BulkLoad`) spill to temporary files and use both cores.
    public static func openForRebuild(path: String) throws -> ReadModels {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(
                sql: """
                    PRAGMA journal_mode = OFF;
                    PRAGMA synchronous = OFF;
                    PRAGMA locking_mode = EXCLUSIVE;
                    PRAGMA temp_store = FILE;
                    PRAGMA cache_size = -262144;
                    PRAGMA temp.cache_size = -131072;
                    PRAGMA threads = 2;
                    """)
        }
        return try ReadModels(writer: DatabaseQueue(path: path, configuration: configuration))
    }

    /// A consistent, compact copy of the database at `source` written to `destination`
    /// (`VACUUM INTO`), read while nothing else writes it.
    public static func copy(from source: String, to destination: String) throws {
        let queue = try DatabaseQueue(path: source)
        try queue.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [destination]) }
        try queue.close()
    }

    /// Folds the database's write-ahead log into the file and empties it, so the file alone
    /// holds every committed row (done before a rebuilt file replaces it).
    public static func checkpointAndClose(path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.inDatabase { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
    }

    /// The checkpoint of the database at `path` (read only; the file must exist).
    public static func checkpoint(path: String) throws -> UInt64 {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try checkpoint(db) }
    }

    /// Applies `events` in one transaction (to `only`, or all projections) and, when given,
    /// stores `checkpoint` with them.
    public func fold(_ events: [RecordedEvent], only: Set<String>?, checkpoint: UInt64?) throws {
        try writer.write { db in
            try Self.apply(events, db, only: only)
            if let checkpoint { try Self.setCheckpoint(db, checkpoint) }
        }
    }

    /// Stores the checkpoint alone.
    public func storeCheckpoint(_ seq: UInt64) throws {
        try writer.write { db in try Self.setCheckpoint(db, seq) }
    }

    /// The stored checkpoint.
    public func storedCheckpoint() throws -> UInt64 {
        try writer.read { db in try Self.checkpoint(db) }
    }

    /// Empties the named projections' tables (none: just records every version as current).
    public func reset(projections names: Set<String>) throws {
        try writer.write { db in
            try Self.reset(db, projections: names)
            // A scratch file: it replaces the live one only once whole.
            try Self.markCurrent(db)
        }
    }

    /// Closes the connection (a rebuild's, before its file is synced and renamed).
    public func close() throws {
        if let queue = writer as? DatabaseQueue { try queue.close() }
        if let pool = writer as? DatabasePool { try pool.close() }
    }
}
