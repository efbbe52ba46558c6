import GRDB
import Ledger

extension UsersProjection {
    /// Usage and holds: each user's quota, used_quota and request_count, once per run.
    static func apply(run: CounterRun, _ db: Database) throws {
        for (id, delta) in run.deltas.users {
            try db.executeCached(
                sql: """
                    UPDATE users SET quota = quota + ?, used_quota = used_quota + ?, request_count = request_count + ?
                    WHERE id = ?
                    """, binding: delta.quota, delta.usedQuota, delta.requests, id)
        }
    }
}
