public import EventStore
import GRDB
import Ledger
public import Logging
public import Projections

/// Brings the read models level with the ledger before serving: rebuilds projections whose
/// fold version changed, then applies whatever the ledger holds beyond the checkpoint (a
/// crash between append and commit leaves exactly that).
public enum CatchUp {
    /// Events applied per SQLite transaction while replaying.
    static let chunk = 2_000

    /// Returns the number of events applied beyond the checkpoint.
    @discardableResult
    public static func run(store: EventStore, readModels: ReadModels, logger: Logger) throws -> Int {
        // A projection that reads others' tables is rebuilt with them (`entity_snapshots`).
        var stale = ReadModels.withDependencies(try readModels.staleProjections())
        var checkpoint = try readModels.writer.read { db in try ReadModels.checkpoint(db) }
        let head = store.head.seq
        if checkpoint > head {
            logger.warning(
                "read models are ahead of the ledger; rebuilding",
                metadata: ["ledger.seq": "\(head)", "ledger.checkpoint": "\(checkpoint)"])
            stale = ReadModels.projectionNames
            try readModels.writer.write { db in try ReadModels.setCheckpoint(db, 0) }
        }
        try readModels.writer.write { db in
            if stale.isEmpty { try ReadModels.markCurrent(db) } else { try ReadModels.reset(db, projections: stale) }
        }
        checkpoint = try readModels.writer.read { db in try ReadModels.checkpoint(db) }
        if !stale.isEmpty, checkpoint > 0 {
            logger.info("rebuilding read models", metadata: ["projections": "\(stale.sorted())"])
            try replay(store: store, readModels: readModels, from: 1, through: checkpoint, only: stale)
        }
        // Only now are the rebuilt projections whole: a start stopped before this line finds
        // them stale again and rebuilds them from the beginning.
        if !stale.isEmpty { try readModels.writer.write { db in try ReadModels.markCurrent(db) } }
        guard head > checkpoint else { return 0 }
        let applied = try replay(store: store, readModels: readModels, from: checkpoint + 1, through: head, only: nil)
        logger.info("caught up with the ledger", metadata: ["ledger.applied": "\(applied)", "ledger.seq": "\(head)"])
        return applied
    }

    /// Empties every read model and replays the whole ledger into it.
    public static func rebuildAll(store: EventStore, readModels: ReadModels) throws {
        try readModels.writer.write { db in
            try ReadModels.reset(db, projections: ReadModels.projectionNames)
            try ReadModels.markCurrent(db)
            try ReadModels.setCheckpoint(db, 0)
        }
        let head = store.head.seq
        if head > 0 { try replay(store: store, readModels: readModels, from: 1, through: head, only: nil) }
    }

    /// Applies events `from...through`; when `only` is nil the checkpoint advances with them.
    @discardableResult
    static func replay(
        store: EventStore, readModels: ReadModels, from: UInt64, through: UInt64, only: Set<String>?
    ) throws -> Int {
        var cursor = try store.frames(from: from)
        var pending: [RecordedEvent] = []
        var applied = 0
        func flush() throws {
            guard let last = pending.last else { return }
            let events = pending
            try readModels.writer.write { db in
                try ReadModels.apply(events, db, only: only)
                if only == nil { try ReadModels.setCheckpoint(db, last.seq) }
            }
            applied += events.count
            pending.removeAll(keepingCapacity: true)
        }
        while let frame = try cursor.next() {
            for record in try frame.events() where record.seq >= from && record.seq <= through {
                pending.append(try RecordedEvent(record))
            }
            if pending.count >= chunk { try flush() }
        }
        try flush()
        return applied
    }
}
