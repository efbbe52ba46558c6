import Ledger

/// A usage record's fields set by `UsageField`, as the body reader finds them.
extension UsageInput {
    /// A field given as `null`: as if absent.
    mutating func reset(_ field: UsageField) {
        switch field {
        case .requestID, .modelName, .group, .ip, .content, .other: set(field, text: "")
        case .isStream: isStream = false
        case .createdAt: createdAt = nil
        default: set(field, integer: 0)
        }
    }

    mutating func set(_ field: UsageField, text: String) {
        switch field {
        case .requestID: requestID = text
        case .modelName: modelName = text
        case .group: group = text
        case .ip: ip = text
        case .content: content = text
        case .other: other = text
        default: break
        }
    }

    mutating func set(_ field: UsageField, integer: Int64) {
        switch field {
        case .userID: userID = integer
        case .tokenID: tokenID = integer
        case .channelID: channelID = integer
        case .promptTokens: promptTokens = integer
        case .completionTokens: completionTokens = integer
        case .quota: quota = integer
        case .useTime: useTime = integer
        case .createdAt: createdAt = integer
        default: break
        }
    }
}
