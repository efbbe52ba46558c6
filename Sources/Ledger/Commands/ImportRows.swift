/// `oneledger import`: one batch of rows read from a New API or One API database, as import
/// events. Only a fresh instance takes them: once setup (or an earlier import, whose
/// `ImportCompleted` marks the instance set up) has run, the batch is refused and appends nothing.
public struct ImportRows: Command {
    public var events: [LedgerEvent]

    public init(events: [LedgerEvent]) {
        self.events = events
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard try !state.isSetUp() else { throw .alreadySetUp }
        return events
    }
}
