import GRDB
import Ledger

extension RedemptionsProjection {
    /// `RedemptionImported`: the source's row as it stood, used or not, soft delete included.
    static func applyImport(_ e: Oneledger_V1_RedemptionImported, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO redemptions (id, user_id, sealed_key, key_fingerprint, status, name, quota, created_time,
                    redeemed_time, used_user_id, expired_time, deleted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                e.redemptionID, e.creatorID, e.sealedKey, e.keyFingerprint, e.status, e.name, e.quota, e.createdTime,
                e.redeemedTime, e.usedUserID, e.expiredTime, e.deletedAt.isEmpty ? nil : e.deletedAt,
            ])
    }
}
