public import GRDB
public import Ledger

/// A row of `channel_key_statuses`: one key of a multi-key channel that is not enabled.
public struct ChannelKeyStatusRecord: Codable, Sendable, Equatable, FetchableRecord {
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

    public var channelId: Int64
    public var keyIndex: Int32
    public var status: Int32
    public var disabledTime: Int64
    public var reason: String

    public var message: Oneledger_V1_ChannelKeyStatus {
        var message = Oneledger_V1_ChannelKeyStatus()
        message.status = status
        message.disabledTime = disabledTime
        message.reason = reason
        return message
    }

    static func fetchAll(channelIDs: [Int64], _ db: Database) throws -> [ChannelKeyStatusRecord] {
        guard !channelIDs.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: channelIDs.count).joined(separator: ",")
        return try fetchAll(
            db, sql: "SELECT * FROM channel_key_statuses WHERE channel_id IN (\(marks)) ORDER BY channel_id, key_index",
            arguments: StatementArguments(channelIDs))
    }

    static func statuses(channelID: Int64, _ db: Database) throws -> [Int32: Oneledger_V1_ChannelKeyStatus] {
        var result: [Int32: Oneledger_V1_ChannelKeyStatus] = [:]
        for row in try fetchAll(channelIDs: [channelID], db) { result[row.keyIndex] = row.message }
        return result
    }
}

extension ChannelQueries {
    /// The not-enabled keys of each channel, by index (`multi_key_status_list`); channels
    /// without any are absent.
    public func keyStatuses(channelIDs: [Int64]) async throws -> [Int64: [Int32: ChannelKeyStatusRecord]] {
        try await reader.read { db in
            var result: [Int64: [Int32: ChannelKeyStatusRecord]] = [:]
            for row in try ChannelKeyStatusRecord.fetchAll(channelIDs: channelIDs, db) {
                result[row.channelId, default: [:]][row.keyIndex] = row
            }
            return result
        }
    }
}
