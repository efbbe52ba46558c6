/// `DELETE /api/log/?target_timestamp=T` (docs/api.md): drops the log rows older than T from
/// the log read model. Statistics and balances are untouched and the ledger keeps every event.
public struct PruneLogs: Command {
    public var targetTimestamp: Int64
    public var `operator`: Operator

    public init(targetTimestamp: Int64, operator: Operator) {
        self.targetTimestamp = targetTimestamp
        self.operator = `operator`
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard targetTimestamp > 0 else { throw .invalidInput("target timestamp is required") }
        var event = Oneledger_V1_LogsPruned()
        event.targetTimestamp = targetTimestamp
        event.deleted = try state.logCount(before: targetTimestamp)
        event.operator = `operator`.message
        return [event.event]
    }
}
