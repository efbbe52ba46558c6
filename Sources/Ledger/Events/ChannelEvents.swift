// The events of the channel streams, `channel:<id>`, and of the `abilities` stream they feed.
// Channel keys enter the ledger only sealed.

extension Oneledger_V1_ChannelCreated: LedgerPayload {
    public static let wireName = "ChannelCreated"
    public static let secretFields: Set<String> = ["sealed_key"]
    public var stream: EventStream { .channel(channelID) }
}

extension Oneledger_V1_ChannelUpdated: LedgerPayload {
    public static let wireName = "ChannelUpdated"
    public static let secretFields: Set<String> = ["sealed_key"]
    public var stream: EventStream { .channel(channelID) }
}

extension Oneledger_V1_ChannelDeleted: LedgerPayload {
    public static let wireName = "ChannelDeleted"
    public var stream: EventStream { .channel(channelID) }
}

extension Oneledger_V1_ChannelKeyViewed: LedgerPayload {
    public static let wireName = "ChannelKeyViewed"
    public var stream: EventStream { .channel(channelID) }
}

extension Oneledger_V1_ChannelKeysManaged: LedgerPayload {
    public static let wireName = "ChannelKeysManaged"
    public static let secretFields: Set<String> = ["sealed_key"]
    public var stream: EventStream { .channel(channelID) }
}

extension Oneledger_V1_AbilitiesRebuilt: LedgerPayload {
    public static let wireName = "AbilitiesRebuilt"
    public var stream: EventStream { .abilities }
}

extension Oneledger_V1_ChannelTested: LedgerPayload {
    public static let wireName = "ChannelTested"
    public var stream: EventStream { .channel(channelID) }
}

extension Oneledger_V1_ChannelBalanceUpdated: LedgerPayload {
    public static let wireName = "ChannelBalanceUpdated"
    public var stream: EventStream { .channel(channelID) }
}

extension Oneledger_V1_ChannelStatusAutoChanged: LedgerPayload {
    public static let wireName = "ChannelStatusAutoChanged"
    public var stream: EventStream { .channel(channelID) }
}

extension Oneledger_V1_ChannelKeyAutoDisabled: LedgerPayload {
    public static let wireName = "ChannelKeyAutoDisabled"
    public var stream: EventStream { .channel(channelID) }
}
