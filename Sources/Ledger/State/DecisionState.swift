/// What a decision may read about the present: the rows as the earlier commands of the same
/// batch left them. The Engine implements it over the read models inside its write
/// transaction; tests implement it with plain values.
public protocol DecisionState: TokenDecisionState, RedemptionDecisionState, ChannelDecisionState, LogDecisionState,
    TaskDecisionState, UsageDecisionState, TopUpDecisionState, BindingDecisionState
{
    /// A user by id, soft-deleted ones included.
    func user(id: Int64) throws(LedgerError) -> UserSnapshot?
    /// The id of the user with this username, soft-deleted ones included.
    func userID(username: String) throws(LedgerError) -> Int64?
    /// The id of the user owning this invitation code.
    func userID(affCode: String) throws(LedgerError) -> Int64?
    /// Every user whose e-mail is `email` (lower-cased), soft-deleted ones included, by id.
    func users(email: String) throws(LedgerError) -> [UserSnapshot]
    /// The largest user id ever assigned (0 when none): new users get the next one.
    func maxUserID() throws(LedgerError) -> Int64
    /// The stored value of an option, or nil when it was never set.
    func storedOption(_ key: String) throws(LedgerError) -> String?
    /// Whether setup has completed.
    func isSetUp() throws(LedgerError) -> Bool
    /// Whether a root user exists.
    func rootExists() throws(LedgerError) -> Bool
}

extension DecisionState {
    /// An option's value: the stored one, else the default of a fresh install.
    public func option(_ key: String) throws(LedgerError) -> String? {
        try storedOption(key) ?? OptionDefaults.values[key]
    }

    public func boolOption(_ key: String) throws(LedgerError) -> Bool {
        try option(key) == "true"
    }

    /// Integer options (rewards) read as New API does: unparsable means 0.
    public func intOption(_ key: String) throws(LedgerError) -> Int64 {
        Int64(try option(key) ?? "") ?? 0
    }

    /// The renderer of amounts in log texts under the current display options.
    public func quotaText() throws(LedgerError) -> QuotaText {
        var values: [String: String] = [:]
        for key in [
            "general_setting.quota_display_type", "DisplayInCurrencyEnabled", "QuotaPerUnit", "USDExchangeRate",
            "general_setting.custom_currency_symbol", "general_setting.custom_currency_exchange_rate",
        ] {
            values[key] = try option(key)
        }
        return QuotaText { values[$0] }
    }
}

/// The facts about one user that decisions need.
public struct UserSnapshot: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var role: Int32
    public var status: Int32
    public var group: String
    public var remark: String
    public var quota: Int64
    /// Invite rewards not yet moved to `quota`.
    public var affQuota: Int64
    public var email: String
    public var affCode: String
    public var setting: String
    public var deleted: Bool
    public var hasPassword: Bool

    public init(
        id: Int64, username: String, displayName: String = "", role: Int32 = Role.common,
        status: Int32 = UserStatus.enabled, group: String = "default", remark: String = "", quota: Int64 = 0,
        affCode: String = "", setting: String = "", deleted: Bool = false, hasPassword: Bool = true,
        affQuota: Int64 = 0, email: String = ""
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.status = status
        self.group = group
        self.remark = remark
        self.quota = quota
        self.affQuota = affQuota
        self.email = email
        self.affCode = affCode
        self.setting = setting
        self.deleted = deleted
        self.hasPassword = hasPassword
    }
}
