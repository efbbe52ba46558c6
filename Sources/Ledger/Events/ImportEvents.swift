// The events `oneledger import` writes (`import_*.proto`): one per row of a New API or One API
// database, on the stream of the entity the row is, each carrying its origin. Keys, password
// hashes and secret option values enter the ledger only sealed or hashed.

extension Oneledger_V1_UserImported: LedgerPayload {
    public static let wireName = "UserImported"
    public static let secretFields: Set<String> = ["password_hash"]
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_TokenImported: LedgerPayload {
    public static let wireName = "TokenImported"
    public static let secretFields: Set<String> = ["sealed_key"]
    public var stream: EventStream { .token(tokenID) }
    public var entities: [EntityRef] { [.token(tokenID), .user(userID)] }
}

extension Oneledger_V1_ChannelImported: LedgerPayload {
    public static let wireName = "ChannelImported"
    public static let secretFields: Set<String> = ["sealed_key"]
    public var stream: EventStream { .channel(channelID) }
}

extension Oneledger_V1_RedemptionImported: LedgerPayload {
    public static let wireName = "RedemptionImported"
    public static let secretFields: Set<String> = ["sealed_key"]
    public var stream: EventStream { .redemption(redemptionID) }
}

extension Oneledger_V1_OptionImported: LedgerPayload {
    public static let wireName = "OptionImported"
    public static let secretFields: Set<String> = ["sealed_value"]
    public var stream: EventStream { .option(key) }
}

/// On its user's stream, naming token and channel like the usage it records.
extension Oneledger_V1_LogImported: LedgerPayload {
    public static let wireName = "LogImported"
    public var stream: EventStream { .user(userID) }
    public var entities: [EntityRef] {
        var entities: [EntityRef] = [.user(userID)]
        if tokenID != 0 { entities.append(.token(tokenID)) }
        if channelID != 0 { entities.append(.channel(channelID)) }
        return entities
    }
}

extension Oneledger_V1_QuotaDataImported: LedgerPayload {
    public static let wireName = "QuotaDataImported"
    public var stream: EventStream { .user(userID) }
}

extension Oneledger_V1_ImportCompleted: LedgerPayload {
    public static let wireName = "ImportCompleted"
    public var stream: EventStream { .system }
}
