public import SwiftProtobuf

/// A domain event as decide produces it and apply consumes it: one case per wire type, the
/// payload a generated protobuf message. `stream` names the entity the event belongs to.
public enum LedgerEvent: Sendable, Equatable {
    case setupCompleted(Oneledger_V1_SetupCompleted)
    case optionUpdated(Oneledger_V1_OptionUpdated)
    case secretOptionUpdated(Oneledger_V1_SecretOptionUpdated)
    case optionRemoved(Oneledger_V1_OptionRemoved)
    case userRegistered(Oneledger_V1_UserRegistered)
    case inviterRewarded(Oneledger_V1_InviterRewarded)
    case userProfileUpdated(Oneledger_V1_UserProfileUpdated)
    case userSettingChanged(Oneledger_V1_UserSettingChanged)
    case userStatusChanged(Oneledger_V1_UserStatusChanged)
    case userRoleChanged(Oneledger_V1_UserRoleChanged)
    case userDeleted(Oneledger_V1_UserDeleted)
    case userQuotaAdjusted(Oneledger_V1_UserQuotaAdjusted)
    case userAccessTokenIssued(Oneledger_V1_UserAccessTokenIssued)
    case userAffCodeAssigned(Oneledger_V1_UserAffCodeAssigned)
    case userLoggedIn(Oneledger_V1_UserLoggedIn)
    case usageRecorded(Oneledger_V1_UsageRecorded)
    case tokenCreated(Oneledger_V1_TokenCreated)
    case tokenUpdated(Oneledger_V1_TokenUpdated)
    case tokenDeleted(Oneledger_V1_TokenDeleted)
    case redemptionCodeCreated(Oneledger_V1_RedemptionCodeCreated)
    case redemptionCodeUpdated(Oneledger_V1_RedemptionCodeUpdated)
    case redemptionCodeDeleted(Oneledger_V1_RedemptionCodeDeleted)
    case redemptionCodeRedeemed(Oneledger_V1_RedemptionCodeRedeemed)
    case channelCreated(Oneledger_V1_ChannelCreated)
    case channelUpdated(Oneledger_V1_ChannelUpdated)
    case channelDeleted(Oneledger_V1_ChannelDeleted)
    case channelKeyViewed(Oneledger_V1_ChannelKeyViewed)
    case abilitiesRebuilt(Oneledger_V1_AbilitiesRebuilt)
    case channelKeysManaged(Oneledger_V1_ChannelKeysManaged)

    /// The wire name (never renamed or reused).
    public var type: String {
        switch self {
        case .setupCompleted: EventType.setupCompleted
        case .optionUpdated: EventType.optionUpdated
        case .secretOptionUpdated: EventType.secretOptionUpdated
        case .optionRemoved: EventType.optionRemoved
        case .userRegistered: EventType.userRegistered
        case .inviterRewarded: EventType.inviterRewarded
        case .userProfileUpdated: EventType.userProfileUpdated
        case .userSettingChanged: EventType.userSettingChanged
        case .userStatusChanged: EventType.userStatusChanged
        case .userRoleChanged: EventType.userRoleChanged
        case .userDeleted: EventType.userDeleted
        case .userQuotaAdjusted: EventType.userQuotaAdjusted
        case .userAccessTokenIssued: EventType.userAccessTokenIssued
        case .userAffCodeAssigned: EventType.userAffCodeAssigned
        case .userLoggedIn: EventType.userLoggedIn
        case .usageRecorded: EventType.usageRecorded
        case .tokenCreated: EventType.tokenCreated
        case .tokenUpdated: EventType.tokenUpdated
        case .tokenDeleted: EventType.tokenDeleted
        case .redemptionCodeCreated: EventType.redemptionCodeCreated
        case .redemptionCodeUpdated: EventType.redemptionCodeUpdated
        case .redemptionCodeDeleted: EventType.redemptionCodeDeleted
        case .redemptionCodeRedeemed: EventType.redemptionCodeRedeemed
        case .channelCreated: EventType.channelCreated
        case .channelUpdated: EventType.channelUpdated
        case .channelDeleted: EventType.channelDeleted
        case .channelKeyViewed: EventType.channelKeyViewed
        case .abilitiesRebuilt: EventType.abilitiesRebuilt
        case .channelKeysManaged: EventType.channelKeysManaged
        }
    }

    /// The entity the event belongs to.
    public var stream: String {
        switch self {
        case .setupCompleted: "system"
        case .optionUpdated(let e): "option:\(e.key)"
        case .secretOptionUpdated(let e): "option:\(e.key)"
        case .optionRemoved(let e): "option:\(e.key)"
        case .userRegistered(let e): "user:\(e.userID)"
        case .inviterRewarded(let e): "user:\(e.userID)"
        case .userProfileUpdated(let e): "user:\(e.userID)"
        case .userSettingChanged(let e): "user:\(e.userID)"
        case .userStatusChanged(let e): "user:\(e.userID)"
        case .userRoleChanged(let e): "user:\(e.userID)"
        case .userDeleted(let e): "user:\(e.userID)"
        case .userQuotaAdjusted(let e): "user:\(e.userID)"
        case .userAccessTokenIssued(let e): "user:\(e.userID)"
        case .userAffCodeAssigned(let e): "user:\(e.userID)"
        case .userLoggedIn(let e): "user:\(e.userID)"
        case .usageRecorded(let e): "user:\(e.userID)"
        case .tokenCreated(let e): "token:\(e.tokenID)"
        case .tokenUpdated(let e): "token:\(e.tokenID)"
        case .tokenDeleted(let e): "token:\(e.tokenID)"
        case .redemptionCodeCreated(let e): "redemption:\(e.redemptionID)"
        case .redemptionCodeUpdated(let e): "redemption:\(e.redemptionID)"
        case .redemptionCodeDeleted(let e): "redemption:\(e.redemptionID)"
        case .redemptionCodeRedeemed(let e): "redemption:\(e.redemptionID)"
        case .channelCreated(let e): "channel:\(e.channelID)"
        case .channelUpdated(let e): "channel:\(e.channelID)"
        case .channelDeleted(let e): "channel:\(e.channelID)"
        case .channelKeyViewed(let e): "channel:\(e.channelID)"
        case .abilitiesRebuilt: "abilities"
        case .channelKeysManaged(let e): "channel:\(e.channelID)"
        }
    }

    var message: any SwiftProtobuf.Message {
        switch self {
        case .setupCompleted(let e): e
        case .optionUpdated(let e): e
        case .secretOptionUpdated(let e): e
        case .optionRemoved(let e): e
        case .userRegistered(let e): e
        case .inviterRewarded(let e): e
        case .userProfileUpdated(let e): e
        case .userSettingChanged(let e): e
        case .userStatusChanged(let e): e
        case .userRoleChanged(let e): e
        case .userDeleted(let e): e
        case .userQuotaAdjusted(let e): e
        case .userAccessTokenIssued(let e): e
        case .userAffCodeAssigned(let e): e
        case .userLoggedIn(let e): e
        case .usageRecorded(let e): e
        case .tokenCreated(let e): e
        case .tokenUpdated(let e): e
        case .tokenDeleted(let e): e
        case .redemptionCodeCreated(let e): e
        case .redemptionCodeUpdated(let e): e
        case .redemptionCodeDeleted(let e): e
        case .redemptionCodeRedeemed(let e): e
        case .channelCreated(let e): e
        case .channelUpdated(let e): e
        case .channelDeleted(let e): e
        case .channelKeyViewed(let e): e
        case .abilitiesRebuilt(let e): e
        case .channelKeysManaged(let e): e
        }
    }

    /// The payload bytes stored in the ledger.
    public func payload() -> [UInt8] {
        // Serializing a fully initialized proto3 message cannot fail.
        (try? message.serializedBytes()) ?? []
    }

    /// Decodes a stored event; nil for an unknown type or bytes that are not its message.
    public init?(type: String, payload: [UInt8]) {
        do {
            switch type {
            case EventType.setupCompleted: self = .setupCompleted(try .init(serializedBytes: payload))
            case EventType.optionUpdated: self = .optionUpdated(try .init(serializedBytes: payload))
            case EventType.secretOptionUpdated: self = .secretOptionUpdated(try .init(serializedBytes: payload))
            case EventType.optionRemoved: self = .optionRemoved(try .init(serializedBytes: payload))
            case EventType.userRegistered: self = .userRegistered(try .init(serializedBytes: payload))
            case EventType.inviterRewarded: self = .inviterRewarded(try .init(serializedBytes: payload))
            case EventType.userProfileUpdated: self = .userProfileUpdated(try .init(serializedBytes: payload))
            case EventType.userSettingChanged: self = .userSettingChanged(try .init(serializedBytes: payload))
            case EventType.userStatusChanged: self = .userStatusChanged(try .init(serializedBytes: payload))
            case EventType.userRoleChanged: self = .userRoleChanged(try .init(serializedBytes: payload))
            case EventType.userDeleted: self = .userDeleted(try .init(serializedBytes: payload))
            case EventType.userQuotaAdjusted: self = .userQuotaAdjusted(try .init(serializedBytes: payload))
            case EventType.userAccessTokenIssued: self = .userAccessTokenIssued(try .init(serializedBytes: payload))
            case EventType.userAffCodeAssigned: self = .userAffCodeAssigned(try .init(serializedBytes: payload))
            case EventType.userLoggedIn: self = .userLoggedIn(try .init(serializedBytes: payload))
            case EventType.usageRecorded: self = .usageRecorded(try .init(serializedBytes: payload))
            case EventType.tokenCreated: self = .tokenCreated(try .init(serializedBytes: payload))
            case EventType.tokenUpdated: self = .tokenUpdated(try .init(serializedBytes: payload))
            case EventType.tokenDeleted: self = .tokenDeleted(try .init(serializedBytes: payload))
            case EventType.redemptionCodeCreated: self = .redemptionCodeCreated(try .init(serializedBytes: payload))
            case EventType.redemptionCodeUpdated: self = .redemptionCodeUpdated(try .init(serializedBytes: payload))
            case EventType.redemptionCodeDeleted: self = .redemptionCodeDeleted(try .init(serializedBytes: payload))
            case EventType.redemptionCodeRedeemed: self = .redemptionCodeRedeemed(try .init(serializedBytes: payload))
            case EventType.channelCreated: self = .channelCreated(try .init(serializedBytes: payload))
            case EventType.channelUpdated: self = .channelUpdated(try .init(serializedBytes: payload))
            case EventType.channelDeleted: self = .channelDeleted(try .init(serializedBytes: payload))
            case EventType.channelKeyViewed: self = .channelKeyViewed(try .init(serializedBytes: payload))
            case EventType.abilitiesRebuilt: self = .abilitiesRebuilt(try .init(serializedBytes: payload))
            case EventType.channelKeysManaged: self = .channelKeysManaged(try .init(serializedBytes: payload))
            default: return nil
            }
        } catch {
            return nil
        }
    }
}

/// An event as read back from the ledger: its sequence number, envelope and decoded payload.
public struct RecordedEvent: Sendable, Equatable {
    public var seq: UInt64
    /// Unix milliseconds.
    public var time: Int64
    public var actorID: Int64
    public var requestID: String
    public var clientIP: String
    public var event: LedgerEvent

    public init(seq: UInt64, time: Int64, actorID: Int64, requestID: String, clientIP: String, event: LedgerEvent) {
        self.seq = seq
        self.time = time
        self.actorID = actorID
        self.requestID = requestID
        self.clientIP = clientIP
        self.event = event
    }

    /// Unix seconds, as the API and the read models show time.
    public var seconds: Int64 { time / 1000 }
}
