/// `POST /api/user/` (admin): create a user below the operator's own role.
public struct CreateUser: Command {
    public var operatorInfo: Operator
    public var username: String
    public var passwordHash: String
    public var displayName: String
    /// 0 means the default (common user).
    public var role: Int32
    public var affCodeCandidates: [String]

    public init(
        operator operatorInfo: Operator, username: String, passwordHash: String, displayName: String, role: Int32,
        affCodeCandidates: [String]
    ) {
        self.operatorInfo = operatorInfo
        self.username = username
        self.passwordHash = passwordHash
        self.displayName = displayName
        self.role = role
        self.affCodeCandidates = affCodeCandidates
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        try UserValidation.checkUsername(username)
        let role = role == 0 ? Role.common : role
        guard Role.isValid(role) else { throw .invalidParameters }
        if role >= operatorInfo.role { throw .cannotCreateEqualOrHigher }
        var draft = NewUser(
            username: username, passwordHash: passwordHash, displayName: displayName.isEmpty ? username : displayName,
            role: role, via: "admin", operatorInfo: operatorInfo)
        return try draft.events(state, context: context, affCodeCandidates: affCodeCandidates)
    }
}

/// `PUT /api/user/` (admin): rewrite username, display name, group, remark and optionally the
/// password of a user below the operator. Roles change only through `ManageUser`.
public struct UpdateUser: Command {
    public var operatorInfo: Operator
    public var userID: Int64
    public var username: String
    public var displayName: String
    public var group: String
    public var remark: String
    /// A new bcrypt hash, or empty to keep the password.
    public var passwordHash: String
    /// 0 (omitted) or the user's present role; anything else is refused.
    public var role: Int32

    public init(
        operator operatorInfo: Operator, userID: Int64, username: String, displayName: String, group: String,
        remark: String, passwordHash: String, role: Int32
    ) {
        self.operatorInfo = operatorInfo
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.group = group
        self.remark = remark
        self.passwordHash = passwordHash
        self.role = role
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        try UserValidation.checkUsername(username)
        guard let user = try state.user(id: userID), !user.deleted else { throw .recordNotFound }
        if role != 0 && role != user.role { throw .invalidParameters }
        if !operatorInfo.mayManage(user) { throw .noPermissionUpdate }
        if username != user.username, let other = try state.userID(username: username), other != userID {
            throw .usernameTaken
        }
        var change = ProfileChange(user: user)
        change.set("username", username)
        change.set("display_name", displayName)
        change.set("group", group.isEmpty ? user.group : group)
        change.set("remark", remark)
        if !passwordHash.isEmpty { change.setPassword(passwordHash) }
        change.message.operator = operatorInfo.message
        // The audit entry is written even when nothing changed, as New API logs every update.
        return [.userProfileUpdated(change.message)]
    }
}

/// `DELETE /api/user/:id` (admin): remove a user of strictly lower role for good.
public struct PurgeUser: Command {
    public var operatorInfo: Operator
    public var userID: Int64

    public init(operator operatorInfo: Operator, userID: Int64) {
        self.operatorInfo = operatorInfo
        self.userID = userID
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID) else { throw .recordNotFound }
        if operatorInfo.role <= user.role { throw .noPermissionUpdate }
        var event = Oneledger_V1_UserDeleted()
        event.userID = userID
        event.hard = true
        event.username = user.username
        event.operator = operatorInfo.message
        return [.userDeleted(event)]
    }
}
