import Ledger
import Projections

/// The full User JSON of the admin routes (docs/api.md, Users (admin)): password `""`, no
/// access token, `DeletedAt` as New API spells it, `remark` only when not empty.
struct UserJSON: Encodable {
    var user: UserRecord
    /// `GET /api/user/:id` adds the admin permission overrides.
    var adminPermissions: [String: [String: Bool]]?

    enum CodingKeys: String, CodingKey {
        case id, username, password, role, status, email, quota, group, setting, remark
        case originalPassword = "original_password"
        case displayName = "display_name"
        case githubID = "github_id"
        case discordID = "discord_id"
        case oidcID = "oidc_id"
        case wechatID = "wechat_id"
        case telegramID = "telegram_id"
        case verificationCode = "verification_code"
        case usedQuota = "used_quota"
        case requestCount = "request_count"
        case affCode = "aff_code"
        case affCount = "aff_count"
        case affQuota = "aff_quota"
        case affHistoryQuota = "aff_history_quota"
        case inviterID = "inviter_id"
        case deletedAt = "DeletedAt"
        case linuxDoID = "linux_do_id"
        case stripeCustomer = "stripe_customer"
        case createdAt = "created_at"
        case lastLoginAt = "last_login_at"
        case adminPermissions = "admin_permissions"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(user.id, forKey: .id)
        try c.encode(user.username, forKey: .username)
        try c.encode("", forKey: .password)
        try c.encode("", forKey: .originalPassword)
        try c.encode(user.displayName, forKey: .displayName)
        try c.encode(user.role, forKey: .role)
        try c.encode(user.status, forKey: .status)
        try c.encode(user.email, forKey: .email)
        try c.encode(user.githubId, forKey: .githubID)
        try c.encode(user.discordId, forKey: .discordID)
        try c.encode(user.oidcId, forKey: .oidcID)
        try c.encode(user.wechatId, forKey: .wechatID)
        try c.encode(user.telegramId, forKey: .telegramID)
        try c.encode("", forKey: .verificationCode)
        try c.encode(user.quota, forKey: .quota)
        try c.encode(user.usedQuota, forKey: .usedQuota)
        try c.encode(user.requestCount, forKey: .requestCount)
        try c.encode(user.group, forKey: .group)
        try c.encode(user.affCode, forKey: .affCode)
        try c.encode(user.affCount, forKey: .affCount)
        try c.encode(user.affQuota, forKey: .affQuota)
        try c.encode(user.affHistory, forKey: .affHistoryQuota)
        try c.encode(user.inviterId, forKey: .inviterID)
        if let deletedAt = user.deletedAt {
            try c.encode(deletedAt, forKey: .deletedAt)
        } else {
            try c.encodeNil(forKey: .deletedAt)
        }
        try c.encode(user.linuxDoId, forKey: .linuxDoID)
        try c.encode(user.setting, forKey: .setting)
        if !user.remark.isEmpty { try c.encode(user.remark, forKey: .remark) }
        try c.encode(user.stripeCustomer, forKey: .stripeCustomer)
        try c.encode(user.createdAt, forKey: .createdAt)
        try c.encode(user.lastLoginAt, forKey: .lastLoginAt)
        if let adminPermissions { try c.encode(adminPermissions, forKey: .adminPermissions) }
    }

    /// Channel permissions by role: root all true, admins read/operate/write, others none.
    static func permissions(role: Int32) -> [String: [String: Bool]] {
        let isRoot = role >= Role.root
        let isAdmin = role >= Role.admin
        return [
            "channel": [
                "read": isAdmin, "operate": isAdmin, "write": isAdmin, "sensitive_write": isRoot, "secret_view": isRoot,
            ]
        ]
    }
}
