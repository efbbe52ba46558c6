// The events of the redemption streams, `redemption:<id>`. Keys enter the ledger only sealed.

extension Oneledger_V1_RedemptionCodeCreated: LedgerPayload {
    public static let wireName = "RedemptionCodeCreated"
    public static let secretFields: Set<String> = ["sealed_key"]
    public var stream: EventStream { .redemption(redemptionID) }
}

extension Oneledger_V1_RedemptionCodeUpdated: LedgerPayload {
    public static let wireName = "RedemptionCodeUpdated"
    public var stream: EventStream { .redemption(redemptionID) }
}

extension Oneledger_V1_RedemptionCodeDeleted: LedgerPayload {
    public static let wireName = "RedemptionCodeDeleted"
    public var stream: EventStream { .redemption(redemptionID) }
}

extension Oneledger_V1_RedemptionCodeRedeemed: LedgerPayload {
    public static let wireName = "RedemptionCodeRedeemed"
    public var stream: EventStream { .redemption(redemptionID) }
    public var entities: [EntityRef] { [.redemption(redemptionID), .user(userID)] }
}
