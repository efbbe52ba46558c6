import Foundation
public import GRDB

/// A log row as the log routes show it, New API's fields (docs/api.md) with the names
/// joined in: `username`, `token_name` and `channel_name` as the user, token and channel
/// read models have them now, model, group and content from `log_strings`.
///
/// A usage row (`inLedger`) has no `ip`, `request_id` or `other` here: they are read from
/// its event (`seq`) for the rows a page shows.
public struct LogRecord: Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var userId: Int64
    public var createdAt: Int64
    public var type: Int32
    public var content: String
    public var username: String
    public var tokenName: String
    public var modelName: String
    public var quota: Int64
    public var promptTokens: Int64
    public var completionTokens: Int64
    public var useTime: Int64
    public var isStream: Bool
    public var channelId: Int64
    public var channelName: String
    public var tokenId: Int64
    public var group: String
    public var ip: String
    public var requestId: String
    public var other: String
    /// Whether `ip`, `request_id` and `other` are still to be read from the ledger.
    public var inLedger: Bool

    /// The ledger seq of the event that wrote the row.
    public var seq: UInt64 { UInt64(id / LogsProjection.idsPerEvent) }

    /// The largest row id an event up to `seq` can have: rows after it are the later events'.
    public static func lastID(throughSeq seq: UInt64) -> Int64 { Int64(seq + 1) * LogsProjection.idsPerEvent - 1 }

    public init(row: Row) {
        id = row["id"]
        userId = row["user_id"]
        createdAt = row["created_at"]
        type = row["type"]
        content = row.text("content")
        quota = row["quota"]
        promptTokens = row["prompt_tokens"]
        completionTokens = row["completion_tokens"]
        useTime = row["use_time"]
        isStream = row["is_stream"]
        channelId = row["channel_id"]
        channelName = row["channel_name"] ?? ""
        tokenId = row["token_id"]
        tokenName = row["token_name"] ?? ""
        modelName = row.text("model_name")
        group = row.text("group_name")
        let detailsUsername: String? = row["d_username"]
        inLedger = detailsUsername == nil
        username = detailsUsername ?? row["u_username"] ?? ""
        ip = row["ip"] ?? ""
        requestId = row["request_id"] ?? ""
        other = row.text("other")
    }

    /// The columns `init(row:)` reads, over a page of `logs` aliased `l`.
    static let joinedColumns = """
        l.*, d.username AS d_username, d.ip, d.request_id, d.other, u.username AS u_username,
        t.name AS token_name, c.name AS channel_name, m.text AS model_name, g.text AS group_name, s.text AS content
        """

    /// The joins `joinedColumns` needs.
    static let joins = """
        LEFT JOIN log_details d ON d.log_id = l.id
        LEFT JOIN users u ON u.id = l.user_id
        LEFT JOIN tokens t ON t.id = l.token_id AND l.token_id <> 0
        LEFT JOIN channels c ON c.id = l.channel_id AND l.channel_id <> 0
        LEFT JOIN log_strings m ON m.id = l.model_id AND l.model_id <> 0
        LEFT JOIN log_strings g ON g.id = l.group_id AND l.group_id <> 0
        LEFT JOIN log_strings s ON s.id = l.content_id AND l.content_id <> 0
        """
}
