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

    public init(id: Int64, userID: Int64, fields: Oneledger_V1_TokenFields) {
        self.id = id
        self.userID = userID
        self.fields = fields
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
