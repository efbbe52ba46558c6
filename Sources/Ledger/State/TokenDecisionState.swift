/// What token decisions read: the caller's live (not soft-deleted) tokens and the id counter.
public protocol TokenDecisionState {
    /// A live token by id, whoever owns it.
    func token(id: Int64) throws(LedgerError) -> TokenSnapshot?
    /// How many live tokens the user holds.
    func tokenCount(userID: Int64) throws(LedgerError) -> Int64
    /// The largest token id ever assigned (0 when none); soft-deleted rows keep theirs.
    func maxTokenID() throws(LedgerError) -> Int64
}

/// The facts about one token that decisions need (everything but its sealed key).
public struct TokenSnapshot: Sendable, Equatable {
    public var id: Int64
    public var userID: Int64
    public var fields: Oneledger_V1_TokenFields
    /// Quota the token has ever been charged.
    public var usedQuota: Int64

    public init(id: Int64, userID: Int64, fields: Oneledger_V1_TokenFields, usedQuota: Int64 = 0) {
        self.id = id
        self.userID = userID
        self.fields = fields
        self.usedQuota = usedQuota
    }
}

/// Token statuses (`common/constants.go`).
public enum TokenStatus {
    public static let enabled: Int32 = 1
    public static let disabled: Int32 = 2
    public static let expired: Int32 = 3
    public static let exhausted: Int32 = 4
    public static let all: ClosedRange<Int32> = 1...4
}

extension TokenStatus {
    /// The status a token shows at `now` (Unix seconds). New API's relay stores 3 when it meets an
    /// expired token and 4 when it meets a spent one; OneLedger has no relay, so an enabled token
    /// whose `expired_time` (≠ -1) has passed reads as expired, and an enabled, limited token with
    /// no quota left after being charged reads as exhausted.
    public static func shown(_ fields: Oneledger_V1_TokenFields, usedQuota: Int64, at now: Int64) -> Int32 {
        guard fields.status == enabled else { return fields.status }
        if isPastExpiry(fields, at: now) { return expired }
        if isSpent(fields, usedQuota: usedQuota) { return exhausted }
        return fields.status
    }

    static func isPastExpiry(_ fields: Oneledger_V1_TokenFields, at now: Int64) -> Bool {
        fields.expiredTime != -1 && fields.expiredTime <= now
    }

    static func isSpent(_ fields: Oneledger_V1_TokenFields, usedQuota: Int64) -> Bool {
        !fields.unlimitedQuota && fields.remainQuota <= 0 && usedQuota > 0
    }
}
