import Foundation
import Projections

/// A log row as the log routes answer it (resources.md §5.2): the admin form with real ids
/// and channel names, or the user form (`userFacing`) with display ids, a blank
/// `channel_name` and `other` without `admin_info` and `audit_info`. `other` is always a
/// string; `request_id` is left out when empty (omitempty).
struct LogJSON: Encodable {
    var record: LogRecord
    var id: Int64
    var userFacing: Bool

    static func admin(_ record: LogRecord) -> LogJSON { LogJSON(record: record, id: record.id, userFacing: false) }

    /// The user form, numbered `offset + i + 1` down the page.
    static func user(_ records: [LogRecord], offset: Int) -> [LogJSON] {
        records.enumerated().map { LogJSON(record: $1, id: Int64(offset + $0 + 1), userFacing: true) }
    }

    enum CodingKeys: String, CodingKey {
        case id, type, content, username, quota, channel, group, ip, other
        case userID = "user_id"
        case createdAt = "created_at"
        case tokenName = "token_name"
        case modelName = "model_name"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case useTime = "use_time"
        case isStream = "is_stream"
        case channelName = "channel_name"
        case tokenID = "token_id"
        case requestID = "request_id"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(record.userId, forKey: .userID)
        try c.encode(record.createdAt, forKey: .createdAt)
        try c.encode(record.type, forKey: .type)
        try c.encode(record.content, forKey: .content)
        try c.encode(record.username, forKey: .username)
        try c.encode(record.tokenName, forKey: .tokenName)
        try c.encode(record.modelName, forKey: .modelName)
        try c.encode(record.quota, forKey: .quota)
        try c.encode(record.promptTokens, forKey: .promptTokens)
        try c.encode(record.completionTokens, forKey: .completionTokens)
        try c.encode(record.useTime, forKey: .useTime)
        try c.encode(record.isStream, forKey: .isStream)
        try c.encode(record.channelId, forKey: .channel)
        try c.encode(userFacing ? "" : record.channelName, forKey: .channelName)
        try c.encode(record.tokenId, forKey: .tokenID)
        try c.encode(record.group, forKey: .group)
        try c.encode(record.ip, forKey: .ip)
        if !record.requestId.isEmpty { try c.encode(record.requestId, forKey: .requestID) }
        try c.encode(userFacing ? Self.stripped(record.other) : record.other, forKey: .other)
    }

    /// `other` without the keys New API hides from users; unchanged when it holds none of them
    /// or is not a JSON object.
    static func stripped(_ other: String) -> String {
        guard other.contains("admin_info") || other.contains("audit_info"),
            var object = (try? JSONSerialization.jsonObject(with: Data(other.utf8))) as? [String: Any]
        else { return other }
        object["admin_info"] = nil
        object["audit_info"] = nil
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return other }
        return String(decoding: data, as: UTF8.self)
    }
}
