// The events of the system stream (`system.proto`).

extension Oneledger_V1_SetupCompleted: LedgerPayload {
    public static let wireName = "SetupCompleted"
    public var stream: EventStream { .system }
    public var entities: [EntityRef] { [.user(rootUserID)] }
}
