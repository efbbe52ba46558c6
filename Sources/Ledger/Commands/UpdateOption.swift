import Foundation

/// `PUT /api/option/` (root): set one option to a string value, after the per-key guards of
/// users-auth-options.md §7.6. Keys that look secret are recorded as `SecretOptionUpdated`; both
/// events carry the previous value (a secret one only as a marker).
public struct UpdateOption: Command {
    public var operatorInfo: Operator
    public var key: String
    public var value: String
    /// A secret key's non-empty value, sealed by the gateway: the event carries only this.
    public var sealedValue: [UInt8]?

    public init(
        operator operatorInfo: Operator, key: String, value: String,
        sealedValue: [UInt8]? = nil
    ) {
        self.operatorInfo = operatorInfo
        self.key = key
        self.value = value
        self.sealedValue = sealedValue
    }

    /// Keys whose value must be JSON (the ratio tables are checked more strictly by `RatioTable`).
    static let jsonKeys: Set<String> = [
        "ModelRequestRateLimitGroup", "AutomaticDisableStatusCodes", "AutomaticRetryStatusCodes",
        "console_setting.api_info", "console_setting.announcements", "console_setting.faq",
        "console_setting.uptime_kuma_groups", "UserUsableGroups",
    ]

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if key.isEmpty || key.utf8.count > 128 { throw .invalidParameters }
        if key.hasPrefix("payment_setting.compliance_") { throw .optionRefused("合规确认字段不允许通过通用设置接口修改") }
        if key == "theme.frontend", value != "default", value != "classic" {
            throw .optionRefused("theme.frontend must be default or classic")
        }
        if value == "true" { try checkSwitch(state) }
        if RatioTable.optionKeys.contains(key) {
            try RatioTable.check(key: key, value: value)
        } else if Self.jsonKeys.contains(key), !value.isEmpty {
            guard let data = value.data(using: .utf8), (try? JSONSerialization.jsonObject(with: data)) != nil else {
                throw .optionRefused("\(key) is not valid JSON")
            }
        }
        return [try OptionChange.updated(key, to: value, sealed: sealedValue, by: operatorInfo, state: state)]
    }

    /// Turning on a login provider needs its client configuration first.
    private func checkSwitch(_ state: some DecisionState) throws(LedgerError) {
        func missing(_ keys: String...) throws(LedgerError) -> Bool {
            for key in keys where (try state.option(key) ?? "").isEmpty { return true }
            return false
        }
        switch key {
        case "GitHubOAuthEnabled":
            if try missing("GitHubClientId", "GitHubClientSecret") {
                throw .optionRefused("无法启用 GitHub OAuth，请先填入 GitHub Client Id 以及 GitHub Client Secret！")
            }
        case "discord.enabled":
            if try missing("discord.client_id", "discord.client_secret") {
                throw .optionRefused("无法启用 Discord OAuth，请先填入 Discord Client Id 以及 Discord Client Secret！")
            }
        case "oidc.enabled":
            if try missing("oidc.client_id", "oidc.client_secret") {
                throw .optionRefused("无法启用 OIDC 登录，请先填入 OIDC Client Id 以及 OIDC Client Secret！")
            }
        case "LinuxDOOAuthEnabled":
            if try missing("LinuxDOClientId", "LinuxDOClientSecret") {
                throw .optionRefused("无法启用 LinuxDO OAuth，请先填入 LinuxDO Client Id 以及 LinuxDO Client Secret！")
            }
        case "WeChatAuthEnabled":
            if try missing("WeChatServerAddress") {
                throw .optionRefused("无法启用微信登录，请先填入微信登录相关配置信息！")
            }
        case "TelegramOAuthEnabled":
            if try missing("TelegramBotToken") {
                throw .optionRefused("无法启用 Telegram OAuth，请先填入 Telegram Bot Token！")
            }
        case "TurnstileCheckEnabled":
            if try missing("TurnstileSiteKey", "TurnstileSecretKey") {
                throw .optionRefused("无法启用 Turnstile 校验，请先填入 Turnstile 校验相关配置信息！")
            }
        case "EmailDomainRestrictionEnabled":
            if try missing("EmailDomainWhitelist") {
                throw .optionRefused("无法启用邮箱域名限制，请先填入限制的邮箱域名！")
            }
        default:
            break
        }
    }
}
