/// `PUT /api/user/self` (profile mode): the caller renames themself or changes their display
/// name or password; empty fields are left unchanged.
public struct UpdateOwnProfile: Command {
    public var userID: Int64
    public var username: String
    public var displayName: String
    /// A new bcrypt hash, or empty to keep the password.
    public var passwordHash: String

    public init(userID: Int64, username: String, displayName: String, passwordHash: String) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID), !user.deleted else { throw .recordNotFound }
        var event = ProfileChange(user: user)
        if !username.isEmpty, username != user.username {
            if let other = try state.userID(username: username), other != userID { throw .usernameTaken }
            event.set("username", username)
        }
        if !displayName.isEmpty { event.set("display_name", displayName) }
        if !passwordHash.isEmpty { event.setPassword(passwordHash) }
        return event.changes.isEmpty ? [] : [.userProfileUpdated(event.message)]
    }
}

/// `PUT /api/user/self` with `sidebar_modules` or `language`: one key of the setting changes.
public struct ChangeOwnSetting: Command {
    public var userID: Int64
    public var key: String
    public var value: String

    public init(userID: Int64, key: String, value: String) {
        self.userID = userID
        self.key = key
        self.value = value
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID), !user.deleted else { throw .recordNotFound }
        var setting = SettingJSON.decode(user.setting)
        setting[key] = .string(value)
        var event = Oneledger_V1_UserSettingChanged()
        event.userID = userID
        event.setting = SettingJSON.encode(setting)
        return [.userSettingChanged(event)]
    }
}

/// `DELETE /api/user/self`: the caller soft-deletes their own account (root may not).
public struct DeleteOwnAccount: Command {
    public var userID: Int64

    public init(userID: Int64) { self.userID = userID }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID), !user.deleted else { throw .recordNotFound }
        if user.role == Role.root { throw .cannotDeleteRootSelf }
        var event = Oneledger_V1_UserDeleted()
        event.userID = userID
        event.username = user.username
        return [.userDeleted(event)]
    }
}

/// `GET /api/user/token`: a new access token replaces the old; only its SHA-256 is recorded.
public struct IssueAccessToken: Command {
    public var userID: Int64
    public var tokenSHA256: String

    public init(userID: Int64, tokenSHA256: String) {
        self.userID = userID
        self.tokenSHA256 = tokenSHA256
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID), !user.deleted else { throw .recordNotFound }
        var event = Oneledger_V1_UserAccessTokenIssued()
        event.userID = user.id
        event.tokenSha256 = tokenSHA256
        return [.userAccessTokenIssued(event)]
    }
}

/// `GET /api/user/aff`: a user without an invitation code gets one (no event when they have one).
public struct AssignAffCode: Command {
    public var userID: Int64
    public var candidates: [String]

    public init(userID: Int64, candidates: [String]) {
        self.userID = userID
        self.candidates = candidates
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID), !user.deleted else { throw .recordNotFound }
        guard user.affCode.isEmpty else { return [] }
        for candidate in candidates where try state.userID(affCode: candidate) == nil {
            var event = Oneledger_V1_UserAffCodeAssigned()
            event.userID = userID
            event.affCode = candidate
            return [.userAffCodeAssigned(event)]
        }
        throw .affCodeCollision
    }
}

/// `POST /api/user/login` after the password was checked: last login time and a login log.
public struct RecordLogin: Command {
    public var userID: Int64
    public var method: String
    public var userAgent: String

    public init(userID: Int64, method: String, userAgent: String) {
        self.userID = userID
        self.method = method
        self.userAgent = userAgent
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID), !user.deleted, user.status == UserStatus.enabled else {
            throw .loginFailed
        }
        var event = Oneledger_V1_UserLoggedIn()
        event.userID = userID
        event.method = method
        event.userAgent = String(userAgent.prefix(512))
        event.loginAt = context.seconds
        event.username = user.username
        return [.userLoggedIn(event)]
    }
}

/// Builds a `UserProfileUpdated` from a user's present values and the fields that change.
struct ProfileChange {
    var message: Oneledger_V1_UserProfileUpdated
    var changes: [Oneledger_V1_FieldChange] { message.changes }
    private let before: UserSnapshot

    init(user: UserSnapshot) {
        before = user
        message = Oneledger_V1_UserProfileUpdated()
        message.userID = user.id
        message.username = user.username
        message.displayName = user.displayName
        message.group = user.group
        message.remark = user.remark
    }

    mutating func set(_ field: String, _ value: String) {
        let old: String
        switch field {
        case "username":
            old = before.username
            message.username = value
        case "display_name":
            old = before.displayName
            message.displayName = value
        case "group":
            old = before.group
            message.group = value
        default:
            old = before.remark
            message.remark = value
        }
        guard old != value else { return }
        var change = Oneledger_V1_FieldChange()
        change.field = field
        change.before = old
        change.after = value
        message.changes.append(change)
    }

    mutating func setPassword(_ hash: String) {
        message.passwordHash = hash
        var change = Oneledger_V1_FieldChange()
        change.field = "password"
        change.before = "[hidden]"
        change.after = "[changed]"
        message.changes.append(change)
    }
}
