/// `POST /api/user/register`: a visitor creates a common user, possibly invited by another.
public struct RegisterUser: Command {
    public var username: String
    public var passwordHash: String
    /// The inviter's code from the body (`aff_code`), possibly empty.
    public var inviterAffCode: String
    /// Fresh random codes; the first one nobody holds becomes the new user's.
    public var affCodeCandidates: [String]
    /// The verified address (lower-cased) when e-mail verification is on, else empty.
    public var email: String

    public init(
        username: String, passwordHash: String, inviterAffCode: String, affCodeCandidates: [String], email: String = ""
    ) {
        self.username = username
        self.passwordHash = passwordHash
        self.inviterAffCode = inviterAffCode
        self.affCodeCandidates = affCodeCandidates
        self.email = email
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if try !state.boolOption("RegisterEnabled") { throw .registrationDisabled }
        if try !state.boolOption("PasswordRegisterEnabled") { throw .passwordRegistrationDisabled }
        try UserValidation.checkUsername(username)
        if !email.isEmpty, try !state.users(email: email).isEmpty { throw .emailTaken }
        var inviterID: Int64 = 0
        if !inviterAffCode.isEmpty, let id = try state.userID(affCode: inviterAffCode) { inviterID = id }
        var draft = NewUser(
            username: username, passwordHash: passwordHash, displayName: username, role: Role.common,
            via: "register", inviterID: inviterID)
        draft.email = email
        return try draft.events(state, context: context, affCodeCandidates: affCodeCandidates)
    }
}

/// The shared part of every way a user comes to exist through the console: unique name, next
/// id, invitation code, the new-user and invite rewards with their system log texts.
struct NewUser {
    var username: String
    var passwordHash: String
    var displayName: String
    var role: Int32
    var via: String
    var inviterID: Int64 = 0
    var operatorInfo: Operator?
    /// Stored lower-cased; "" for none.
    var email = ""

    mutating func events(
        _ state: some DecisionState, context: CommandContext, affCodeCandidates: [String]
    ) throws(LedgerError) -> [LedgerEvent] {
        if try state.userID(username: username) != nil { throw .usernameTaken }
        var affCode = ""
        for candidate in affCodeCandidates where try state.userID(affCode: candidate) == nil {
            affCode = candidate
            break
        }
        let text = try state.quotaText()
        let newUserReward = max(0, try state.intOption("QuotaForNewUser"))
        let inviteeReward = inviterID > 0 ? max(0, try state.intOption("QuotaForInvitee")) : 0
        let inviterReward = inviterID > 0 ? max(0, try state.intOption("QuotaForInviter")) : 0
        let (quota, overflow) = newUserReward.addingReportingOverflow(inviteeReward)
        if overflow { throw .quotaOverflow }

        var user = Oneledger_V1_UserRegistered()
        user.userID = try state.maxUserID() + 1
        user.username = username
        user.passwordHash = passwordHash
        user.displayName = displayName
        user.role = role
        user.status = UserStatus.enabled
        user.group = "default"
        user.quota = quota
        user.affCode = affCode
        user.inviterID = inviterID
        user.setting = NewUserSetting.text(role: role)
        user.email = email
        user.createdAt = context.seconds
        user.via = via
        user.email = email
        user.newUserReward = newUserReward
        user.inviteeReward = inviteeReward
        if newUserReward > 0 { user.logQuotaNewUser = text.render(newUserReward) }
        if inviteeReward > 0 { user.logQuotaInvitee = text.render(inviteeReward) }
        if let operatorInfo { user.operator = operatorInfo.message }
        var events: [LedgerEvent] = [.userRegistered(user)]
        if inviterReward > 0 {
            var reward = Oneledger_V1_InviterRewarded()
            reward.userID = inviterID
            reward.inviteeID = user.userID
            reward.reward = inviterReward
            reward.logQuota = text.render(inviterReward)
            events.append(.inviterRewarded(reward))
        }
        return events
    }
}
