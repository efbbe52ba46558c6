public import SwiftProtobuf

/// Every event type the ledger knows: its wire name (never renamed or reused), the protobuf
/// message of its payload, and the payload fields that hold secrets (shown only as "[sealed]").
public enum EventCatalog {
    public struct Entry: Sendable {
        public let payload: any SwiftProtobuf.Message.Type
        /// Proto field names (as in the .proto) whose values never leave the process.
        public let secretFields: Set<String>
    }

    public static let entries: [String: Entry] = [
        EventType.usageRecorded: Entry(payload: Oneledger_V1_UsageRecorded.self, secretFields: []),
        EventType.setupCompleted: Entry(payload: Oneledger_V1_SetupCompleted.self, secretFields: []),
        EventType.optionUpdated: Entry(payload: Oneledger_V1_OptionUpdated.self, secretFields: []),
        EventType.secretOptionUpdated: Entry(
            payload: Oneledger_V1_SecretOptionUpdated.self, secretFields: ["value", "sealed_value"]),
        EventType.optionRemoved: Entry(payload: Oneledger_V1_OptionRemoved.self, secretFields: []),
        EventType.userRegistered: Entry(payload: Oneledger_V1_UserRegistered.self, secretFields: ["password_hash"]),
        EventType.inviterRewarded: Entry(payload: Oneledger_V1_InviterRewarded.self, secretFields: []),
        EventType.userProfileUpdated: Entry(
            payload: Oneledger_V1_UserProfileUpdated.self, secretFields: ["password_hash"]),
        EventType.userSettingChanged: Entry(payload: Oneledger_V1_UserSettingChanged.self, secretFields: []),
        EventType.userStatusChanged: Entry(payload: Oneledger_V1_UserStatusChanged.self, secretFields: []),
        EventType.userRoleChanged: Entry(payload: Oneledger_V1_UserRoleChanged.self, secretFields: []),
        EventType.userDeleted: Entry(payload: Oneledger_V1_UserDeleted.self, secretFields: []),
        EventType.userQuotaAdjusted: Entry(payload: Oneledger_V1_UserQuotaAdjusted.self, secretFields: []),
        // The token itself never enters the ledger; its SHA-256 fingerprint is not a secret.
        EventType.userAccessTokenIssued: Entry(payload: Oneledger_V1_UserAccessTokenIssued.self, secretFields: []),
        EventType.userAffCodeAssigned: Entry(payload: Oneledger_V1_UserAffCodeAssigned.self, secretFields: []),
        EventType.userLoggedIn: Entry(payload: Oneledger_V1_UserLoggedIn.self, secretFields: []),
        // Keys enter the ledger only sealed; their fingerprints are not secrets.
        EventType.tokenCreated: Entry(payload: Oneledger_V1_TokenCreated.self, secretFields: ["sealed_key"]),
        EventType.tokenUpdated: Entry(payload: Oneledger_V1_TokenUpdated.self, secretFields: []),
        EventType.tokenDeleted: Entry(payload: Oneledger_V1_TokenDeleted.self, secretFields: []),
        EventType.redemptionCodeCreated: Entry(payload: Oneledger_V1_RedemptionCodeCreated.self, secretFields: ["sealed_key"]),
        EventType.redemptionCodeUpdated: Entry(payload: Oneledger_V1_RedemptionCodeUpdated.self, secretFields: []),
        EventType.redemptionCodeDeleted: Entry(payload: Oneledger_V1_RedemptionCodeDeleted.self, secretFields: []),
        EventType.redemptionCodeRedeemed: Entry(payload: Oneledger_V1_RedemptionCodeRedeemed.self, secretFields: []),
        EventType.channelCreated: Entry(payload: Oneledger_V1_ChannelCreated.self, secretFields: ["sealed_key"]),
        EventType.channelUpdated: Entry(payload: Oneledger_V1_ChannelUpdated.self, secretFields: ["sealed_key"]),
        EventType.channelDeleted: Entry(payload: Oneledger_V1_ChannelDeleted.self, secretFields: []),
        EventType.channelKeyViewed: Entry(payload: Oneledger_V1_ChannelKeyViewed.self, secretFields: []),
        EventType.abilitiesRebuilt: Entry(payload: Oneledger_V1_AbilitiesRebuilt.self, secretFields: []),
        EventType.channelKeysManaged: Entry(payload: Oneledger_V1_ChannelKeysManaged.self, secretFields: ["sealed_key"]),
    ]

    /// Decodes a payload; nil for an unknown type or bytes that are not its message.
    public static func decode(type: String, payload: [UInt8]) -> (any SwiftProtobuf.Message)? {
        guard let entry = entries[type] else { return nil }
        return try? entry.payload.init(serializedBytes: payload)
    }
}

/// The wire names of the event types.
public enum EventType {
    public static let usageRecorded = "UsageRecorded"
    public static let setupCompleted = "SetupCompleted"
    public static let optionUpdated = "OptionUpdated"
    public static let secretOptionUpdated = "SecretOptionUpdated"
    public static let optionRemoved = "OptionRemoved"
    public static let userRegistered = "UserRegistered"
    public static let inviterRewarded = "InviterRewarded"
    public static let userProfileUpdated = "UserProfileUpdated"
    public static let userSettingChanged = "UserSettingChanged"
    public static let userStatusChanged = "UserStatusChanged"
    public static let userRoleChanged = "UserRoleChanged"
    public static let userDeleted = "UserDeleted"
    public static let userQuotaAdjusted = "UserQuotaAdjusted"
    public static let userAccessTokenIssued = "UserAccessTokenIssued"
    public static let userAffCodeAssigned = "UserAffCodeAssigned"
    public static let userLoggedIn = "UserLoggedIn"
    public static let tokenCreated = "TokenCreated"
    public static let tokenUpdated = "TokenUpdated"
    public static let tokenDeleted = "TokenDeleted"
    public static let redemptionCodeCreated = "RedemptionCodeCreated"
    public static let redemptionCodeUpdated = "RedemptionCodeUpdated"
    public static let redemptionCodeDeleted = "RedemptionCodeDeleted"
    public static let redemptionCodeRedeemed = "RedemptionCodeRedeemed"
    public static let channelCreated = "ChannelCreated"
    public static let channelUpdated = "ChannelUpdated"
    public static let channelDeleted = "ChannelDeleted"
    public static let channelKeyViewed = "ChannelKeyViewed"
    public static let abilitiesRebuilt = "AbilitiesRebuilt"
    public static let channelKeysManaged = "ChannelKeysManaged"
}
