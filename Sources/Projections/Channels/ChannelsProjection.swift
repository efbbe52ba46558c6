import GRDB
import Ledger

/// Keeps `channels` and the derived `abilities` (channel × model × group, with the channel's
/// status as `enabled`, its priority, weight and tag) from the channel events. Keys stay sealed.
enum ChannelsProjection: Projection {
    static let name = "channels"
    /// 2: usage and holds move the counters (`+Usage.swift`).
    static let version = 2
    static let tables = ["channels", "abilities", "channels_sequence", "channel_key_statuses"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("channels.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE channels (
                        id INTEGER PRIMARY KEY NOT NULL,
                        type INTEGER NOT NULL DEFAULT 0,
                        sealed_key BLOB NOT NULL,
                        key_fingerprint TEXT NOT NULL DEFAULT '',
                        status INTEGER NOT NULL DEFAULT 1,
                        name TEXT NOT NULL DEFAULT '',
                        weight INTEGER NOT NULL DEFAULT 0,
                        created_time INTEGER NOT NULL,
                        test_time INTEGER NOT NULL DEFAULT 0,
                        response_time INTEGER NOT NULL DEFAULT 0,
                        base_url TEXT NOT NULL DEFAULT '',
                        other TEXT NOT NULL DEFAULT '',
                        balance REAL NOT NULL DEFAULT 0,
                        balance_updated_time INTEGER NOT NULL DEFAULT 0,
                        models TEXT NOT NULL DEFAULT '',
                        "group" TEXT NOT NULL DEFAULT 'default',
                        used_quota INTEGER NOT NULL DEFAULT 0,
                        model_mapping TEXT NOT NULL DEFAULT '',
                        status_code_mapping TEXT NOT NULL DEFAULT '',
                        priority INTEGER NOT NULL DEFAULT 0,
                        auto_ban INTEGER NOT NULL DEFAULT 1,
                        other_info TEXT NOT NULL DEFAULT '',
                        tag TEXT NOT NULL DEFAULT '',
                        setting TEXT NOT NULL DEFAULT '',
                        param_override TEXT NOT NULL DEFAULT '',
                        header_override TEXT NOT NULL DEFAULT '',
                        remark TEXT NOT NULL DEFAULT '',
                        openai_organization TEXT NOT NULL DEFAULT '',
                        test_model TEXT NOT NULL DEFAULT '',
                        settings TEXT NOT NULL DEFAULT '',
                        is_multi_key INTEGER NOT NULL DEFAULT 0,
                        multi_key_size INTEGER NOT NULL DEFAULT 0,
                        multi_key_mode TEXT NOT NULL DEFAULT ''
                    );
                    CREATE INDEX channels_tag ON channels(tag);
                    CREATE TABLE abilities (
                        "group" TEXT NOT NULL,
                        model TEXT NOT NULL,
                        channel_id INTEGER NOT NULL,
                        enabled INTEGER NOT NULL,
                        priority INTEGER NOT NULL DEFAULT 0,
                        weight INTEGER NOT NULL DEFAULT 0,
                        tag TEXT NOT NULL DEFAULT '',
                        PRIMARY KEY ("group", model, channel_id)
                    );
                    CREATE INDEX abilities_channel ON abilities(channel_id);
                    CREATE TABLE channels_sequence (id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), max_id INTEGER NOT NULL);
                    """)
        }
        registerKeyMigrations(&migrator)
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        switch recorded.event {
        case .channelCreated(let e):
            try db.execute(
                sql: "INSERT INTO channels (id, sealed_key, key_fingerprint, created_time) VALUES (?, ?, ?, ?)",
                arguments: [e.channelID, e.sealedKey, e.keyFingerprint, e.createdTime])
            try db.execute(
                sql: """
                    INSERT INTO channels_sequence (id, max_id) VALUES (1, ?)
                    ON CONFLICT (id) DO UPDATE SET max_id = max(max_id, excluded.max_id)
                    """, arguments: [e.channelID])
            try write(e.fields, id: e.channelID, db)
            try Abilities.rebuild(channelID: e.channelID, db)
        case .channelUpdated(let e):
            try write(e.fields, id: e.channelID, db)
            if !e.sealedKey.isEmpty {
                try db.execute(
                    sql: "UPDATE channels SET sealed_key = ?, key_fingerprint = ? WHERE id = ?",
                    arguments: [e.sealedKey, e.keyFingerprint, e.channelID])
            }
            try Abilities.rebuild(channelID: e.channelID, db)
            try dropKeyStatuses(channelID: e.channelID, from: e.fields.isMultiKey ? e.fields.multiKeySize : 0, db)
        case .channelDeleted(let e):
            try db.execute(sql: "DELETE FROM channels WHERE id = ?", arguments: [e.channelID])
            try dropKeyStatuses(channelID: e.channelID, from: 0, db)
            if !e.keepAbilities {
                try db.execute(sql: "DELETE FROM abilities WHERE channel_id = ?", arguments: [e.channelID])
            }
        case .channelKeysManaged(let e):
            try applyKeys(e, db)
        case .channelImported(let e):
            try applyImport(e, db)
        case .channelTested, .channelBalanceUpdated, .channelStatusAutoChanged, .channelKeyAutoDisabled:
            try applyUpstream(recorded.event, db)
        case .abilitiesRebuilt:
            try db.execute(sql: "DELETE FROM abilities")
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM channels ORDER BY id") {
                try Abilities.rebuild(channelID: id, db)
            }
        default:
            break
        }
    }

    static func write(_ f: Oneledger_V1_ChannelFields, id: Int64, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE channels SET type = ?, name = ?, status = ?, models = ?, "group" = ?, priority = ?, weight = ?,
                    base_url = ?, tag = ?, model_mapping = ?, test_model = ?, auto_ban = ?, remark = ?, other = ?,
                    setting = ?, param_override = ?, header_override = ?, status_code_mapping = ?,
                    openai_organization = ?, settings = ?, other_info = ?, is_multi_key = ?, multi_key_size = ?,
                    multi_key_mode = ?
                WHERE id = ?
                """,
            arguments: [
                f.type, f.name, f.status, f.models, f.group, f.priority, f.weight, f.baseURL, f.tag, f.modelMapping,
                f.testModel, f.autoBan, f.remark, f.other, f.setting, f.paramOverride, f.headerOverride,
                f.statusCodeMapping, f.openaiOrganization, f.settings, f.otherInfo, f.isMultiKey, f.multiKeySize,
                f.multiKeyMode, id,
            ])
    }
}

/// The abilities of one channel: one row per (group, model) of the comma-separated lists, not
/// trimmed (an empty model list yields model ""), as New API derives them.
enum Abilities {
    static func rebuild(channelID: Int64, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM abilities WHERE channel_id = ?", arguments: [channelID])
        guard
            let row = try Row.fetchOne(
                db, sql: #"SELECT "group", models, status, priority, weight, tag FROM channels WHERE id = ?"#,
                arguments: [channelID])
        else { return }
        let groups = (row["group"] as String).split(separator: ",", omittingEmptySubsequences: false)
        let models = (row["models"] as String).split(separator: ",", omittingEmptySubsequences: false)
        let enabled = (row["status"] as Int) == 1
        for group in groups {
            for model in models {
                try db.execute(
                    sql: """
                        INSERT INTO abilities ("group", model, channel_id, enabled, priority, weight, tag)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """,
                    arguments: [
                        String(group), String(model), channelID, enabled, row["priority"] as Int64,
                        row["weight"] as Int64, row["tag"] as String,
                    ])
            }
        }
    }
}
