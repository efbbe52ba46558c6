import GRDB
import Ledger

extension ChannelsProjection {
    /// `ChannelImported`: the source's row as it stood; abilities derived as for a created channel.
    static func applyImport(_ e: Oneledger_V1_ChannelImported, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO channels (id, sealed_key, key_fingerprint, created_time, used_quota, test_time,
                    response_time, balance, balance_updated_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                e.channelID, e.sealedKey, e.keyFingerprint, e.createdTime, e.usedQuota, e.testTime, e.responseTime,
                e.balance, e.balanceUpdatedTime,
            ])
        try db.execute(
            sql: """
                INSERT INTO channels_sequence (id, max_id) VALUES (1, ?)
                ON CONFLICT (id) DO UPDATE SET max_id = max(max_id, excluded.max_id)
                """, arguments: [e.channelID])
        try write(e.fields, id: e.channelID, db)
        try Abilities.rebuild(channelID: e.channelID, db)
    }
}
