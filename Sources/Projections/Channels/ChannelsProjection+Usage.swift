import GRDB
import Ledger

extension ChannelsProjection {
    /// Usage: each channel's used_quota, once per run.
    static func apply(run events: ArraySlice<RecordedEvent>, _ db: Database) throws {
        guard events.contains(where: { $0.event.changesCountersOnly }) else {
            for event in events { try apply(event, db) }
            return
        }
        for (id, quota) in CounterDeltas(events).channels {
            try db.executeCached(
                sql: "UPDATE channels SET used_quota = used_quota + ? WHERE id = ?", arguments: [quota, id])
        }
    }
}
