import GRDB
import Ledger

extension UsersProjection {
    /// Usage and holds: each user's quota, used_quota and request_count, once per run.
    static func apply(run events: ArraySlice<RecordedEvent>, _ db: Database) throws {
        guard events.contains(where: { $0.event.changesCountersOnly }) else {
            for event in events { try apply(event, db) }
            return
        }
        for (id, delta) in CounterDeltas(events).users {
            try db.executeCached(
                sql: """
                    UPDATE users SET quota = quota + ?, used_quota = used_quota + ?, request_count = request_count + ?
                    WHERE id = ?
                    """, arguments: [delta.quota, delta.usedQuota, delta.requests, id])
        }
    }
}
