/// `GET /api/oauth/email/bind`: a signed-in user binds an address they proved with a code (the
/// gateway checked the code). An address another account holds, deleted ones included, is refused.
public struct BindEmail: Command {
    public var userID: Int64
    /// Lower-cased and trimmed.
    public var email: String

    public init(userID: Int64, email: String) {
        self.userID = userID
        self.email = email
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID), !user.deleted else { throw .recordNotFound }
        if try state.users(email: email).contains(where: { $0.id != userID }) { throw .emailTaken }
        var event = Oneledger_V1_UserEmailBound()
        event.userID = userID
        event.email = email
        event.emailBefore = user.email
        return [.userEmailBound(event)]
    }
}

/// `POST /api/user/reset`: the reset link was valid (the gateway checked its token); the one live
/// account with that address gets the server-generated password. None or several: refused.
public struct ResetPassword: Command {
    public var email: String
    public var passwordHash: String

    public init(email: String, passwordHash: String) {
        self.email = email
        self.passwordHash = passwordHash
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        let live = try state.users(email: email).filter { !$0.deleted }
        guard live.count == 1, let user = live.first, !passwordHash.isEmpty else { throw .resetLinkInvalid }
        var event = Oneledger_V1_UserPasswordReset()
        event.userID = user.id
        event.email = email
        event.passwordHash = passwordHash
        return [.userPasswordReset(event)]
    }
}
