import GRDB
import Ledger

extension ChannelsProjection {
    /// Usage: each channel's used_quota, once per run.
    static func apply(run: CounterRun, _ db: Database) throws {
        for (id, quota) in run.deltas.channels {
            try db.executeCached(
                sql: "UPDATE channels SET used_quota = used_quota + ? WHERE id = ?", binding: quota, id)
        }
    }
}
