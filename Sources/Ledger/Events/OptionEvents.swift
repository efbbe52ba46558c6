// The events of the option streams, `option:<key>` (`system.proto`).

extension Oneledger_V1_OptionUpdated: LedgerPayload {
    public static let wireName = "OptionUpdated"
    public var stream: EventStream { .option(key) }
}

extension Oneledger_V1_SecretOptionUpdated: LedgerPayload {
    public static let wireName = "SecretOptionUpdated"
    public static let secretFields: Set<String> = ["value", "sealed_value"]
    public var stream: EventStream { .option(key) }
}

extension Oneledger_V1_OptionRemoved: LedgerPayload {
    public static let wireName = "OptionRemoved"
    public var stream: EventStream { .option(key) }
}
