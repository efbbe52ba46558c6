import GRDB
import Ledger

extension DatabaseDecisionState {
    func channel(id: Int64) throws(LedgerError) -> ChannelSnapshot? {
        try read {
            guard var snapshot = try ChannelRecord.fetchOne(db, key: id)?.snapshot else { return nil }
            snapshot.keyStatuses = try ChannelKeyStatusRecord.statuses(channelID: id, db)
            return snapshot
        }
    }

    func channels(tag: String) throws(LedgerError) -> [ChannelSnapshot] {
        try read {
            try ChannelRecord.fetchAll(db, sql: "SELECT * FROM channels WHERE tag = ? ORDER BY id", arguments: [tag])
                .map(\.snapshot)
        }
    }

    func disabledChannels() throws(LedgerError) -> [ChannelSnapshot] {
        try read {
            try ChannelRecord.fetchAll(db, sql: "SELECT * FROM channels WHERE status IN (2, 3) ORDER BY id").map(
                \.snapshot)
        }
    }

    func channelCount() throws(LedgerError) -> Int64 {
        try read { try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM channels") ?? 0 }
    }

    func maxChannelID() throws(LedgerError) -> Int64 {
        // Hard deletes would free ids: the largest ever assigned is kept in channels_sequence.
        try read {
            max(
                try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM channels") ?? 0,
                try Int64.fetchOne(db, sql: "SELECT max_id FROM channels_sequence WHERE id = 1") ?? 0)
        }
    }
}
