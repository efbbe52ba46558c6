import GRDB
import Ledger

extension TokensProjection {
    /// Usage and holds: each token's remain_quota (charges skip unlimited tokens), used_quota
    /// and accessed_time (the latest `created_at` charged), once per run.
    static func apply(run: CounterRun, _ db: Database) throws {
        for (id, delta) in run.deltas.tokens {
            try db.executeCached(
                sql: """
                    UPDATE tokens SET
                        remain_quota = remain_quota + ? - CASE WHEN unlimited_quota <> 0 THEN 0 ELSE ? END,
                        used_quota = used_quota + ?, accessed_time = max(accessed_time, ?)
                    WHERE id = ?
                    """, binding: delta.held, delta.charged, delta.charged, delta.accessedTime, id)
        }
    }
}
