// The events of the user streams, `user:<id>`: accounts, self service, sessions and usage.

extension Oneledger_V1_UserRegistered: LedgerPayload {
    public static let wireName = "UserRegistered"
    public static let secretFields: Set<String> = ["password_hash"]
    public var stream: EventStream { .user(userID) }
    public var entities: [EntityRef] { inviterID == 0 ? [.user(userID)] : [.user(userID), .user(inviterID)] }
}

extension Oneledger_V1_InviterRewarded: LedgerPayload {
    public static let wireName = "InviterRewarded"
    public var stream: EventStream { .user(userID) }
    public var entities: [EntityRef] { [.user(userID), .user(inviteeID)] }
}

extension Oneledger_V1_UserProfileUpdated: LedgerPayload {
    public static let wireName = "UserProfileUpdated"
    public static let secretFields: Set<String> = ["password_hash"]
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_UserSettingChanged: LedgerPayload {
    public static let wireName = "UserSettingChanged"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_UserStatusChanged: LedgerPayload {
    public static let wireName = "UserStatusChanged"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_UserRoleChanged: LedgerPayload {
    public static let wireName = "UserRoleChanged"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_UserDeleted: LedgerPayload {
    public static let wireName = "UserDeleted"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_UserQuotaAdjusted: LedgerPayload {
    public static let wireName = "UserQuotaAdjusted"
    public var stream: EventStream { .user(userID) }
}

/// The token itself never enters the ledger; its SHA-256 fingerprint is not a secret.
extension Oneledger_V1_UserAccessTokenIssued: LedgerPayload {
    public static let wireName = "UserAccessTokenIssued"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_UserAffCodeAssigned: LedgerPayload {
    public static let wireName = "UserAffCodeAssigned"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_UserLoggedIn: LedgerPayload {
    public static let wireName = "UserLoggedIn"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_UsageRecorded: LedgerPayload {
    public static let wireName = "UsageRecorded"
    public var stream: EventStream { .user(userID) }
    public var entities: [EntityRef] {
        var entities: [EntityRef] = [.user(userID)]
        if tokenID != 0 { entities.append(.token(tokenID)) }
        if channelID != 0 { entities.append(.channel(channelID)) }
        return entities
    }
}

extension Oneledger_V1_UserEmailBound: LedgerPayload {
    public static let wireName = "UserEmailBound"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_UserPasswordReset: LedgerPayload {
    public static let wireName = "UserPasswordReset"
    public static let secretFields: Set<String> = ["password_hash"]
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_TopUpOrderCreated: LedgerPayload {
    public static let wireName = "TopUpOrderCreated"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_TopUpOrderCompleted: LedgerPayload {
    public static let wireName = "TopUpOrderCompleted"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_TopUpNotifyRejected: LedgerPayload {
    public static let wireName = "TopUpNotifyRejected"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_AffQuotaTransferred: LedgerPayload {
    public static let wireName = "AffQuotaTransferred"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_UserBindingChanged: LedgerPayload {
    public static let wireName = "UserBindingChanged"
    public var stream: EventStream { .user(userID) }
}
