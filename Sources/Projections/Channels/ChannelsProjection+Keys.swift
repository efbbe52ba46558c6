import GRDB
import Ledger

extension ChannelsProjection {
    /// `channel_key_statuses`: one row per key of a multi-key channel that is not enabled
    /// (New API's `channel_info.multi_key_status_list` with its disabled times and reasons).
    static func registerKeyMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("channels.v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE channel_key_statuses (
                        channel_id INTEGER NOT NULL,
                        key_index INTEGER NOT NULL,
                        status INTEGER NOT NULL,
                        disabled_time INTEGER NOT NULL DEFAULT 0,
                        reason TEXT NOT NULL DEFAULT '',
                        PRIMARY KEY (channel_id, key_index)
                    );
                    """)
        }
    }

    /// The whole status map after a multi-key action, the new size, and the keys after a deletion.
    static func applyKeys(_ e: Oneledger_V1_ChannelKeysManaged, _ db: Database) throws {
        try dropKeyStatuses(channelID: e.channelID, from: 0, db)
        // In index order, so a replay inserts the rows exactly as the first apply did.
        for (index, status) in e.statuses.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: """
                    INSERT INTO channel_key_statuses (channel_id, key_index, status, disabled_time, reason)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [e.channelID, index, status.status, status.disabledTime, status.reason])
        }
        try db.execute(
            sql: "UPDATE channels SET multi_key_size = ? WHERE id = ?", arguments: [e.multiKeySize, e.channelID])
        if !e.sealedKey.isEmpty {
            try db.execute(
                sql: "UPDATE channels SET sealed_key = ?, key_fingerprint = ? WHERE id = ?",
                arguments: [e.sealedKey, e.keyFingerprint, e.channelID])
        }
    }

    /// Forgets the statuses of keys at or beyond `index` (a shorter key list, or a deleted channel).
    static func dropKeyStatuses(channelID: Int64, from index: Int32, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM channel_key_statuses WHERE channel_id = ? AND key_index >= ?",
            arguments: [channelID, index])
    }
}
