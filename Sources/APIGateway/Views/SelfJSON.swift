import Ledger
import Projections

/// `GET /api/user/self`: the caller's own view — no password, access token or remark, plus
/// `sidebar_modules` and role-based `permissions` (docs/api.md, Self-service).
enum SelfJSON {
    static func make(_ user: UserRecord) -> JSONValue {
        let setting = SettingJSON.decode(user.setting)
        let sidebar = setting["sidebar_modules"]?.stringValue ?? ""
        return .object([
            ("id", .int(user.id)), ("username", .string(user.username)), ("display_name", .string(user.displayName)),
            ("role", .int(Int64(user.role))), ("status", .int(Int64(user.status))), ("email", .string(user.email)),
            ("group", .string(user.group)), ("github_id", .string(user.githubId)),
            ("discord_id", .string(user.discordId)), ("oidc_id", .string(user.oidcId)),
            ("wechat_id", .string(user.wechatId)), ("telegram_id", .string(user.telegramId)),
            ("linux_do_id", .string(user.linuxDoId)), ("quota", .int(user.quota)),
            ("used_quota", .int(user.usedQuota)), ("request_count", .int(user.requestCount)),
            ("aff_code", .string(user.affCode)), ("aff_count", .int(user.affCount)),
            ("aff_quota", .int(user.affQuota)), ("aff_history_quota", .int(user.affHistory)),
            ("inviter_id", .int(user.inviterId)), ("setting", .string(user.setting)),
            ("stripe_customer", .string(user.stripeCustomer)), ("sidebar_modules", .string(sidebar)),
            ("permissions", permissions(role: user.role)),
        ])
    }

    static func permissions(role: Int32) -> JSONValue {
        let admin = JSONValue.object(
            UserJSON.permissions(role: role).sorted { $0.key < $1.key }.map { resource, actions in
                (resource, .object(actions.sorted { $0.key < $1.key }.map { ($0.key, .bool($0.value)) }))
            })
        if role >= Role.root {
            return .object([
                ("sidebar_settings", .bool(false)), ("sidebar_modules", .object([])), ("admin_permissions", admin),
            ])
        }
        if role >= Role.admin {
            return .object([
                ("sidebar_settings", .bool(true)),
                ("sidebar_modules", .object([("admin", .object([("setting", .bool(false))]))])),
                ("admin_permissions", admin),
            ])
        }
        return .object([
            ("sidebar_settings", .bool(true)), ("sidebar_modules", .object([("admin", .bool(false))])),
            ("admin_permissions", admin),
        ])
    }
}
