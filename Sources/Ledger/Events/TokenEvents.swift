// The events of the token streams, `token:<id>`. Keys enter the ledger only sealed; their
// fingerprints are not secrets.

extension Oneledger_V1_TokenCreated: LedgerPayload {
    public static let wireName = "TokenCreated"
    public static let secretFields: Set<String> = ["sealed_key"]
    public var stream: EventStream { .token(tokenID) }
    public var entities: [EntityRef] { [.token(tokenID), .user(userID)] }
}

extension Oneledger_V1_TokenUpdated: LedgerPayload {
    public static let wireName = "TokenUpdated"
    public var stream: EventStream { .token(tokenID) }
    public var entities: [EntityRef] { [.token(tokenID), .user(userID)] }
}

extension Oneledger_V1_TokenDeleted: LedgerPayload {
    public static let wireName = "TokenDeleted"
    public var stream: EventStream { .token(tokenID) }
    public var entities: [EntityRef] { [.token(tokenID), .user(userID)] }
}
