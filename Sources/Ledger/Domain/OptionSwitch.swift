/// The option switches that may be turned on only once the options they depend on are filled
/// in (`PUT /api/option/`), each with the options it needs and the reference's refusal.
public enum OptionSwitch: String, Sendable, CaseIterable {
    case gitHubOAuth = "GitHubOAuthEnabled"
    case discordOAuth = "discord.enabled"
    case oidc = "oidc.enabled"
    case linuxDOOAuth = "LinuxDOOAuthEnabled"
    case weChatAuth = "WeChatAuthEnabled"
    case telegramOAuth = "TelegramOAuthEnabled"
    case turnstile = "TurnstileCheckEnabled"
    case emailDomainRestriction = "EmailDomainRestrictionEnabled"

    /// The options that must be non-empty before the switch turns on.
    var requiredOptions: [String] {
        switch self {
        case .gitHubOAuth: ["GitHubClientId", "GitHubClientSecret"]
        case .discordOAuth: ["discord.client_id", "discord.client_secret"]
        case .oidc: ["oidc.client_id", "oidc.client_secret"]
        case .linuxDOOAuth: ["LinuxDOClientId", "LinuxDOClientSecret"]
        case .weChatAuth: ["WeChatServerAddress"]
        case .telegramOAuth: ["TelegramBotToken"]
        case .turnstile: ["TurnstileSiteKey", "TurnstileSecretKey"]
        case .emailDomainRestriction: ["EmailDomainWhitelist"]
        }
    }

    /// The refusal's text when a required option is empty.
    var refusal: String {
        switch self {
        case .gitHubOAuth: "无法启用 GitHub OAuth，请先填入 GitHub Client Id 以及 GitHub Client Secret！"
        case .discordOAuth: "无法启用 Discord OAuth，请先填入 Discord Client Id 以及 Discord Client Secret！"
        case .oidc: "无法启用 OIDC 登录，请先填入 OIDC Client Id 以及 OIDC Client Secret！"
        case .linuxDOOAuth: "无法启用 LinuxDO OAuth，请先填入 LinuxDO Client Id 以及 LinuxDO Client Secret！"
        case .weChatAuth: "无法启用微信登录，请先填入微信登录相关配置信息！"
        case .telegramOAuth: "无法启用 Telegram OAuth，请先填入 Telegram Bot Token！"
        case .turnstile: "无法启用 Turnstile 校验，请先填入 Turnstile 校验相关配置信息！"
        case .emailDomainRestriction: "无法启用邮箱域名限制，请先填入限制的邮箱域名！"
        }
    }
}
