/// `POST /api/ledger/usage`: a relay reports billed requests, one or a batch of up to 1,000.
/// The batch is atomic: one bad record (a field out of range, an unknown user, token or
/// channel, a token of another user) refuses all of it, naming the record's index. A request
/// id recorded before, or twice in the batch, is a duplicate and charges nothing.
public struct RecordUsage: Command {
    public static let maxRecords = 1_000
    public var records: [UsageInput]

    public init(records: [UsageInput]) {
        self.records = records
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        var memo = Memo()
        return try decide(state, context: context, memo: &memo)
    }

    /// What consecutive usage commands decided against the same state share, so that they can
    /// be applied together (the writer's batches of single records): the user, token and
    /// channel lookups (usage never changes whether they exist or whose a token is) and the
    /// request ids recorded by the commands decided before, not applied yet.
    public struct Memo: Sendable {
        var lookups = BilledLookups()
        var recorded = Set<String>()

        public init() {}
    }

    /// Decides as if the commands decided before with `memo` had been applied; a refused
    /// command leaves `memo`'s recorded ids as they were.
    public func decide(_ state: some DecisionState, context: CommandContext, memo: inout Memo) throws(LedgerError)
        -> [LedgerEvent]
    {
        var seen = Set<String>(minimumCapacity: records.count)
        var events: [LedgerEvent] = []
        var ids: [String] = []
        events.reserveCapacity(records.count)
        ids.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            let other = try memo.lookups.check(record, index: index, state)
            guard seen.insert(record.requestID).inserted, !memo.recorded.contains(record.requestID),
                try !state.requestSeen(record.requestID)
            else { continue }
            events.append(.usageRecorded(record.event(other: other, now: context.seconds)))
            ids.append(record.requestID)
        }
        memo.recorded.formUnion(ids)
        return events
    }
}

/// The checks every usage record meets, with the batch's user, token and channel lookups
/// remembered so a batch of one user's records reads each row once.
struct BilledLookups: Sendable {
    var users: [Int64: BilledUser?] = [:]
    var tokens: [Int64: BilledToken?] = [:]
    var channels: [Int64: Bool] = [:]

    /// `record`'s parsed `other`, or the refusal naming `index`.
    mutating func check(_ record: UsageInput, index: Int, _ state: some DecisionState) throws(LedgerError)
        -> UsageOther
    {
        func refuse(_ reason: String) -> LedgerError { .usageRecordRefused(index: index, reason: reason) }
        if let reason = UsageValidation.problem(record) { throw refuse(reason) }
        guard let other = UsageOther.parse(record.other) else { throw refuse("other must be a JSON object") }
        guard try user(record.userID, state) != nil else { throw refuse("unknown user \(record.userID)") }
        if record.tokenID != 0 {
            guard let token = try token(record.tokenID, state) else { throw refuse("unknown token \(record.tokenID)") }
            if token.userID != record.userID {
                throw refuse("token \(record.tokenID) does not belong to user \(record.userID)")
            }
        }
        if record.channelID != 0 {
            if channels[record.channelID] == nil {
                channels[record.channelID] = try state.channelExists(id: record.channelID)
            }
            if channels[record.channelID] != true { throw refuse("unknown channel \(record.channelID)") }
        }
        return other
    }

    mutating func user(_ id: Int64, _ state: some DecisionState) throws(LedgerError) -> BilledUser? {
        if let known = users[id] { return known }
        let user = try state.billedUser(id: id)
        users[id] = .some(user)
        return user
    }

    mutating func token(_ id: Int64, _ state: some DecisionState) throws(LedgerError) -> BilledToken? {
        if let known = tokens[id] { return known }
        let token = try state.billedToken(id: id)
        tokens[id] = .some(token)
        return token
    }
}
