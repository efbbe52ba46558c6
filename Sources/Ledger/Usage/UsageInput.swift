/// One billed request as a relay reports it to `POST /api/ledger/usage` (or `/settle`), before
/// validation. `createdAt` nil means "now" (the command's clock).
public struct UsageInput: Sendable, Equatable {
    public var requestID = ""
    public var userID: Int64 = 0
    /// 0 = no token.
    public var tokenID: Int64 = 0
    /// 0 = no channel.
    public var channelID: Int64 = 0
    public var modelName = ""
    public var group = ""
    public var promptTokens: Int64 = 0
    public var completionTokens: Int64 = 0
    public var quota: Int64 = 0
    /// Seconds.
    public var useTime: Int64 = 0
    public var isStream = false
    public var ip = ""
    public var content = ""
    /// A JSON object as text, stored exactly as given.
    public var other = ""
    /// Unix seconds.
    public var createdAt: Int64?

    public init() {}

    /// The input that would record `usage` (its cache counts are derived again from `other`).
    public init(_ usage: Oneledger_V1_UsageRecorded) {
        requestID = usage.requestID
        userID = usage.userID
        tokenID = usage.tokenID
        channelID = usage.channelID
        modelName = usage.modelName
        group = usage.group
        promptTokens = usage.promptTokens
        completionTokens = usage.completionTokens
        quota = usage.quota
        useTime = usage.useTime
        isStream = usage.isStream
        ip = usage.ip
        content = usage.content
        other = usage.other
        createdAt = usage.createdAt
    }

    /// The event that records this input, with the cache counts read from `other`.
    func event(other parsed: UsageOther, now: Int64) -> Oneledger_V1_UsageRecorded {
        var usage = Oneledger_V1_UsageRecorded()
        usage.requestID = requestID
        usage.userID = userID
        usage.tokenID = tokenID
        usage.channelID = channelID
        usage.modelName = modelName
        usage.group = group
        usage.promptTokens = promptTokens
        usage.completionTokens = completionTokens
        usage.quota = quota
        usage.useTime = useTime
        usage.isStream = isStream
        usage.ip = ip
        usage.content = content
        usage.other = other
        usage.createdAt = createdAt ?? now
        usage.cacheReadTokens = parsed.cacheTokens
        usage.cacheWriteTokens = parsed.cacheCreationTokens
        return usage
    }
}

/// The field rules of a usage record: the reason a record is refused, or nil when it is fine.
public enum UsageValidation {
    /// Quota and token counts: integers from 0 to 10^15.
    public static let maxAmount: Int64 = 1_000_000_000_000_000
    /// The latest `created_at` accepted: 9999-12-31.
    public static let maxTimestamp: Int64 = 253_402_300_799
    static let maxText = 65_535

    /// The first problem of `input`'s own fields (existence of user, token, channel aside).
    public static func problem(_ input: UsageInput) -> String? {
        if let reason = requestIDProblem(input.requestID) { return reason }
        if input.userID <= 0 { return "user_id must be a positive integer" }
        if input.tokenID < 0 { return "token_id must be 0 (none) or a token id" }
        if input.channelID < 0 { return "channel_id must be 0 (none) or a channel id" }
        for (name, value) in [
            ("prompt_tokens", input.promptTokens), ("completion_tokens", input.completionTokens),
            ("quota", input.quota), ("use_time", input.useTime),
        ] where value < 0 || value > maxAmount {
            return "\(name) must be an integer from 0 to \(maxAmount)"
        }
        if let created = input.createdAt, created <= 0 || created > maxTimestamp {
            return "created_at must be Unix seconds from 1 to \(maxTimestamp)"
        }
        for (name, value, limit) in [
            ("model_name", input.modelName, 255), ("group", input.group, 64), ("ip", input.ip, 128),
            ("content", input.content, maxText), ("other", input.other, maxText),
        ] {
            if let reason = textProblem(name, value, maxBytes: limit) { return reason }
        }
        return nil
    }

    /// A request id: 1 to 64 characters, no U+0000.
    public static func requestIDProblem(_ id: String) -> String? {
        let count = id.unicodeScalars.count
        if count < 1 || count > 64 { return "request_id must be 1 to 64 characters" }
        if id.utf8.contains(0) { return "request_id contains U+0000, which is refused" }
        return nil
    }

    /// A text field: at most `maxBytes` UTF-8 bytes, no U+0000 (refused, never truncated).
    public static func textProblem(_ name: String, _ value: String, maxBytes: Int) -> String? {
        if value.utf8.count > maxBytes { return "\(name) is longer than \(maxBytes) bytes" }
        if value.utf8.contains(0) { return "\(name) contains U+0000, which is refused" }
        return nil
    }
}
