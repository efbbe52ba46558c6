import GRDB
import Ledger

extension ChannelsProjection {
    /// What the channels' upstream calls recorded: test and response times, balances, and the
    /// statuses the automatic rules changed (abilities follow the channel's status).
    static func applyUpstream(_ event: LedgerEvent, _ db: Database) throws {
        switch event {
        case .channelTested(let e):
            try db.execute(
                sql: "UPDATE channels SET test_time = ?, response_time = ? WHERE id = ?",
                arguments: [e.testTime, e.responseTime, e.channelID])
        case .channelBalanceUpdated(let e):
            try db.execute(
                sql: "UPDATE channels SET balance = ?, balance_updated_time = ? WHERE id = ?",
                arguments: [e.balance, e.balanceUpdatedTime, e.channelID])
        case .channelStatusAutoChanged(let e):
            try db.execute(
                sql: "UPDATE channels SET status = ?, other_info = ? WHERE id = ?",
                arguments: [e.statusAfter, e.otherInfo, e.channelID])
            try db.execute(
                sql: "UPDATE abilities SET enabled = ? WHERE channel_id = ?",
                arguments: [e.statusAfter == ChannelStatus.enabled, e.channelID])
        case .channelKeyAutoDisabled(let e):
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO channel_key_statuses (channel_id, key_index, status, disabled_time, reason)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [e.channelID, e.keyIndex, ChannelStatus.autoDisabled, e.disabledTime, e.reason])
        default:
            break
        }
    }
}
