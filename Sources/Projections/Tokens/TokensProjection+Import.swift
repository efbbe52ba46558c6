import GRDB
import Ledger

extension TokensProjection {
    /// `TokenImported`: the source's row as it stood, counters and soft delete included.
    static func applyImport(_ e: Oneledger_V1_TokenImported, _ db: Database) throws {
        let f = e.fields
        try db.execute(
            sql: """
                INSERT INTO tokens (id, user_id, sealed_key, key_fingerprint, status, name, created_time,
                    accessed_time, expired_time, remain_quota, unlimited_quota, model_limits_enabled, model_limits,
                    allow_ips, used_quota, "group", cross_group_retry, deleted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                e.tokenID, e.userID, e.sealedKey, e.keyFingerprint, f.status, f.name, e.createdTime, e.accessedTime,
                f.expiredTime, f.remainQuota, f.unlimitedQuota, f.modelLimitsEnabled, f.modelLimits, f.allowIps,
                e.usedQuota, f.group, e.crossGroupRetry, e.deletedAt.isEmpty ? nil : e.deletedAt,
            ])
    }
}
