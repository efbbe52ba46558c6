import EventStore
import GRDB
public import Ledger
public import Projections

/// The ledger read back for forensics: the events of given seqs, the seq at a time, a scan of
/// chosen types, and one entity's history folded into a scratch copy of the read models.
extension Engine {
    /// The per-entity event index (`entity_events`).
    public var entityEvents: EntityEventQueries { EntityEventQueries(reader: readModels.reader) }

    /// The read models' side of a reconciliation.
    public var reconcile: ReconcileQueries { ReconcileQueries(reader: readModels.reader) }

    /// The events with these seqs (ascending), oldest first. Seqs in one frame share its read;
    /// a long gap seeks through the sparse index instead of reading the frames between.
    public func events(seqs: [UInt64]) throws -> [RecordedEvent] {
        var found: [RecordedEvent] = []
        found.reserveCapacity(seqs.count)
        var next = 0
        seek: while next < seqs.count {
            var cursor = try store.frames(from: seqs[next])
            var read = false
            while let frame = try cursor.next() {
                read = true
                let records = try frame.events()
                for record in records {
                    while next < seqs.count, seqs[next] < record.seq { next += 1 }
                    guard next < seqs.count else { break seek }
                    if seqs[next] == record.seq {
                        found.append(try RecordedEvent(record))
                        next += 1
                    }
                }
                guard next < seqs.count, let last = records.last?.seq else { break seek }
                if seqs[next] > last + UInt64(4 * records.count) { continue seek }
            }
            if !read { break }
        }
        return found
    }

    /// The last seq whose event time (Unix ms) is at most `milliseconds`, 0 when none; by
    /// binary search over the ledger, whose times rise with its seqs.
    public func seq(atOrBefore milliseconds: Int64) throws -> UInt64 {
        var low: UInt64 = 1
        var high = store.head.seq
        var answer: UInt64 = 0
        while low <= high {
            let middle = low + (high - low) / 2
            if try store.read(seq: middle).time <= milliseconds {
                answer = middle
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return answer
    }

    /// Calls `body` with every event of one of `types` up to `through`, oldest first; the
    /// others are skipped without decoding their payloads.
    public func scan(types: Set<String>, through: UInt64, _ body: (RecordedEvent) throws -> Void) throws {
        guard through > 0 else { return }
        var cursor = try store.frames(from: 1)
        while let frame = try cursor.next() {
            for record in try frame.events() {
                if record.seq > through { return }
                if types.contains(record.type) { try body(try RecordedEvent(record)) }
            }
        }
    }

    /// A scratch in-memory copy of the read models holding only `entity`'s state up to
    /// `through`: its newest snapshot at or before `through` restored, then its events after
    /// the snapshot folded by the projections named in `projections` exactly as the live models
    /// fold them (at most the snapshot interval less one of them); how many events that was,
    /// and the seq of the snapshot (nil: folded from the beginning).
    public func fold(_ entity: EntityRef, through: UInt64, projections: Set<String>) async throws -> (
        readModels: ReadModels, events: Int, snapshot: UInt64?
    ) {
        let scratch = try ReadModels.inMemory()
        guard let (kind, id) = EntityKind.key(entity) else { return (scratch, 0, nil) }
        let (snapshot, seqs) = try await entityEvents.history(kind: kind, id: id, through: through)
        if let snapshot { try await scratch.restore(snapshot) }
        var folded = 0
        // In slices, so a long history (an entity never snapshotted) never sits in memory whole.
        for start in stride(from: 0, to: seqs.count, by: 10_000) {
            let events = try self.events(seqs: Array(seqs[start..<min(start + 10_000, seqs.count)]))
            try await scratch.writer.write { db in try ReadModels.apply(events, db, only: projections) }
            folded += events.count
        }
        return (scratch, folded, snapshot?.seq)
    }
}
