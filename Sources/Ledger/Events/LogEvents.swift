// The events about the log read model itself, on the system stream (`logs.proto`).

extension Oneledger_V1_LogsPruned: LedgerPayload {
    public static let wireName = "LogsPruned"
    public var stream: EventStream { .system }
    public var entities: [EntityRef] { [.user(`operator`.userID)] }
}
