/// A request to change the ledger, in the imperative (`RegisterUser`, `ManageUser`). Its
/// decision is pure: the present comes in as `state`, the clock and every generated value
/// (ids, codes, hashes) come in through the command or its context.
public protocol Command: Sendable {
    /// The events that record this command's effect, or a refusal. Never touches I/O.
    func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent]
}

/// Who asks, through which request, and when.
public struct CommandContext: Sendable, Equatable {
    public var actorID: Int64
    public var requestID: String
    public var clientIP: String
    /// Unix milliseconds: the time of every event the command produces.
    public var now: Int64

    public init(actorID: Int64 = 0, requestID: String = "", clientIP: String = "", now: Int64) {
        self.actorID = actorID
        self.requestID = requestID
        self.clientIP = clientIP
        self.now = now
    }

    public var seconds: Int64 { now / 1000 }
}

/// The admin or root performing a command, as the request's auth established them.
public struct Operator: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var role: Int32
    /// "session" or "access_token".
    public var authMethod: String

    public init(id: Int64, username: String, role: Int32, authMethod: String) {
        self.id = id
        self.username = username
        self.role = role
        self.authMethod = authMethod
    }

    var message: Oneledger_V1_Operator {
        var message = Oneledger_V1_Operator()
        message.userID = id
        message.username = username
        message.role = role
        message.authMethod = authMethod
        return message
    }

    /// A caller may manage a target if the caller is root or ranks strictly higher.
    func mayManage(_ target: UserSnapshot) -> Bool {
        role == Role.root || role > target.role
    }
}
