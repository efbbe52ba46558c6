import Foundation
import Ledger
import Projections

/// A Midjourney task as `/api/mj/*` answers it (resources.md §7.2): `progress` a string,
/// times in milliseconds, `buttons`, `properties` and `video_urls` JSON text.
struct MidjourneyJSON: Encodable {
    var state: Oneledger_V1_TaskReported

    enum CodingKeys: String, CodingKey {
        case id, code, action, prompt, description, state, status, progress, quota, buttons, properties
        case userID = "user_id"
        case mjID = "mj_id"
        case promptEn = "prompt_en"
        case submitTime = "submit_time"
        case startTime = "start_time"
        case finishTime = "finish_time"
        case imageURL = "image_url"
        case videoURL = "video_url"
        case videoURLs = "video_urls"
        case failReason = "fail_reason"
        case channelID = "channel_id"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state.rowID, forKey: .id)
        try c.encode(state.code, forKey: .code)
        try c.encode(state.userID, forKey: .userID)
        try c.encode(state.action, forKey: .action)
        try c.encode(state.taskID, forKey: .mjID)
        try c.encode(state.prompt, forKey: .prompt)
        try c.encode(state.promptEn, forKey: .promptEn)
        try c.encode(state.description_p, forKey: .description)
        try c.encode(state.state, forKey: .state)
        try c.encode(state.submitTime, forKey: .submitTime)
        try c.encode(state.startTime, forKey: .startTime)
        try c.encode(state.finishTime, forKey: .finishTime)
        try c.encode(state.resultURL, forKey: .imageURL)
        try c.encode(state.videoURL, forKey: .videoURL)
        try c.encode(state.videoUrls, forKey: .videoURLs)
        try c.encode(state.status, forKey: .status)
        try c.encode(state.progress, forKey: .progress)
        try c.encode(state.failReason, forKey: .failReason)
        try c.encode(state.channelID, forKey: .channelID)
        try c.encode(state.quota, forKey: .quota)
        try c.encode(state.buttons, forKey: .buttons)
        try c.encode(state.properties, forKey: .properties)
    }
}

/// An async task as `/api/task/*` answers it (the reference's TaskDto, §7.3): `properties`
/// and `data` as JSON values, `channel_id` 0 and no `username` in the user's list.
struct TaskJSON: Encodable {
    var item: TaskQueries.Item
    var admin: Bool

    enum CodingKeys: String, CodingKey {
        case id, platform, group, quota, action, status, progress, properties, username, data
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case taskID = "task_id"
        case userID = "user_id"
        case channelID = "channel_id"
        case failReason = "fail_reason"
        case resultURL = "result_url"
        case submitTime = "submit_time"
        case startTime = "start_time"
        case finishTime = "finish_time"
    }

    func encode(to encoder: any Encoder) throws {
        let state = item.state
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state.rowID, forKey: .id)
        try c.encode(state.createdAt, forKey: .createdAt)
        try c.encode(state.updatedAt, forKey: .updatedAt)
        try c.encode(state.taskID, forKey: .taskID)
        try c.encode(state.platform, forKey: .platform)
        try c.encode(state.userID, forKey: .userID)
        try c.encode(state.group, forKey: .group)
        try c.encode(admin ? state.channelID : 0, forKey: .channelID)
        try c.encode(state.quota, forKey: .quota)
        try c.encode(state.action, forKey: .action)
        try c.encode(state.status, forKey: .status)
        try c.encode(state.failReason, forKey: .failReason)
        if !state.resultURL.isEmpty { try c.encode(state.resultURL, forKey: .resultURL) }
        try c.encode(state.submitTime, forKey: .submitTime)
        try c.encode(state.startTime, forKey: .startTime)
        try c.encode(state.finishTime, forKey: .finishTime)
        try c.encode(state.progress, forKey: .progress)
        try c.encode(Self.json(state.properties) ?? .object([]), forKey: .properties)
        if admin && !item.username.isEmpty { try c.encode(item.username, forKey: .username) }
        try c.encode(Self.json(state.data) ?? .null, forKey: .data)
    }

    /// Stored JSON text as a value, nil when empty or not JSON.
    static func json(_ text: String) -> JSONValue? {
        guard !text.isEmpty else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
