/// `GET /api/oauth/<provider>`, `/api/oauth/wechat`, `/api/oauth/telegram/login`: the provider
/// vouched for an account; sign its user in, registering one when the account is new and the
/// provider may register (Telegram may not). One command, so a registration and its login are
/// one atomic batch.
public struct SignInWithProvider: Command {
    public var binding: UserBinding
    public var accountID: String
    /// The provider's username, used when free and valid.
    public var username: String
    public var displayName: String
    public var email: String
    /// The inviter's code stored with the OAuth state, possibly empty.
    public var inviterAffCode: String
    public var mayRegister: Bool
    public var userAgent: String
    public var affCodeCandidates: [String]

    public init(
        binding: UserBinding, accountID: String, username: String = "", displayName: String = "", email: String = "",
        inviterAffCode: String = "", mayRegister: Bool = true, userAgent: String = "", affCodeCandidates: [String]
    ) {
        self.binding = binding
        self.accountID = accountID
        self.username = username
        self.displayName = displayName
        self.email = email
        self.inviterAffCode = inviterAffCode
        self.mayRegister = mayRegister
        self.userAgent = userAgent
        self.affCodeCandidates = affCodeCandidates
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard !accountID.isEmpty, accountID.utf8.count <= 255 else { throw .invalidParameters }
        if let id = try state.userID(binding: binding, value: accountID) {
            guard let user = try state.user(id: id) else { throw .userNotFound }
            if user.deleted { throw .userDeleted }
            if user.status != UserStatus.enabled { throw .userBanned }
            return [.userLoggedIn(login(user.id, user.username, context))]
        }
        guard mayRegister else { throw .accountNotBound(binding) }
        if try !state.boolOption("RegisterEnabled") { throw .registrationDisabled }
        let email = String(email.prefix(50)).lowercased()
        if try !state.users(email: email).isEmpty { throw .emailTaken }
        let id = try state.maxUserID() + 1
        var name = username
        let valid = !name.isEmpty && name.count <= 20 && (try? UserValidation.checkUsername(name)) != nil
        let taken = try valid ? state.userID(username: name) != nil : false
        if !valid || taken { name = binding.usernamePrefix + String(id) }
        var inviterID: Int64 = 0
        if !inviterAffCode.isEmpty, let inviter = try state.userID(affCode: inviterAffCode) { inviterID = inviter }
        var draft = NewUser(
            username: name, passwordHash: "",
            displayName: displayName.isEmpty ? binding.defaultDisplayName : String(displayName.prefix(20)),
            role: Role.common, via: binding.loginMethod, inviterID: inviterID, email: email)
        var events = try draft.events(state, context: context, affCodeCandidates: affCodeCandidates)
        var bound = Oneledger_V1_UserBindingChanged()
        bound.userID = id
        bound.binding = binding.rawValue
        bound.value = accountID
        bound.via = "register"
        events.append(.userBindingChanged(bound))
        events.append(.userLoggedIn(login(id, name, context)))
        return events
    }

    private func login(_ id: Int64, _ username: String, _ context: CommandContext) -> Oneledger_V1_UserLoggedIn {
        var event = Oneledger_V1_UserLoggedIn()
        event.userID = id
        event.method = binding.loginMethod
        event.userAgent = String(userAgent.prefix(512))
        event.loginAt = context.seconds
        event.username = username
        return event
    }
}

/// The bind routes: attach a provider's account to the signed-in user, unless another user
/// holds it. Binding the account the user already has appends nothing.
public struct BindProviderAccount: Command {
    public var userID: Int64
    public var binding: UserBinding
    public var accountID: String

    public init(userID: Int64, binding: UserBinding, accountID: String) {
        self.userID = userID
        self.binding = binding
        self.accountID = accountID
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard !accountID.isEmpty, accountID.utf8.count <= 255 else { throw .invalidParameters }
        guard let user = try state.user(id: userID), !user.deleted else { throw .userNotFound }
        if user.status != UserStatus.enabled { throw .userBanned }
        if let holder = try state.userID(binding: binding, value: accountID) {
            if holder == userID { return [] }
            throw .accountAlreadyBound(binding)
        }
        var event = Oneledger_V1_UserBindingChanged()
        event.userID = userID
        event.binding = binding.rawValue
        event.value = accountID
        event.previous = try state.binding(binding, ofUser: userID)
        event.via = "bind"
        return [.userBindingChanged(event)]
    }
}
