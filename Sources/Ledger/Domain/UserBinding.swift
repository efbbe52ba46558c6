/// A third-party account a user can sign in with: the provider, the `users` column that holds
/// the account id, and the texts of its refusals.
public enum UserBinding: String, Sendable, CaseIterable {
    case github
    case oidc
    case linuxDo = "linux_do"
    case wechat
    case telegram

    /// The column of `users` (and the key of `/api/user/self`) holding the account id.
    public var column: String {
        switch self {
        case .github: "github_id"
        case .oidc: "oidc_id"
        case .linuxDo: "linux_do_id"
        case .wechat: "wechat_id"
        case .telegram: "telegram_id"
        }
    }

    /// The provider's name in messages.
    public var displayName: String {
        switch self {
        case .github: "GitHub"
        case .oidc: "OIDC"
        case .linuxDo: "Linux DO"
        case .wechat: "WeChat"
        case .telegram: "Telegram"
        }
    }

    /// The login method of the login log (`oauth:<provider>`, `wechat`, `telegram`).
    public var loginMethod: String {
        switch self {
        case .github, .oidc: "oauth:" + rawValue
        case .linuxDo: "oauth:linuxdo"
        case .wechat, .telegram: rawValue
        }
    }

    /// The prefix of a generated username (`github_<id>`).
    var usernamePrefix: String {
        switch self {
        case .linuxDo: "linuxdo_"
        default: rawValue + "_"
        }
    }

    /// The display name of a user the provider gave none.
    var defaultDisplayName: String { displayName + " User" }

    /// "This account is already bound to someone else."
    var alreadyBound: String {
        switch self {
        case .wechat: "该微信账号已被绑定"
        case .telegram: "该 Telegram 账户已被绑定"
        default: "This \(displayName) account has already been bound"
        }
    }
}

/// What sign-in decisions read beyond users by id, name and e-mail: who holds an account id.
public protocol BindingDecisionState {
    /// The user (soft-deleted ones included) whose `binding` column holds `value`.
    func userID(binding: UserBinding, value: String) throws(LedgerError) -> Int64?
    /// The account id `binding` holds for the user, "" when none.
    func binding(_ binding: UserBinding, ofUser id: Int64) throws(LedgerError) -> String
}
