import GRDB
import Ledger

extension UsersProjection {
    /// `UserImported`: the source's row as it stood, counters included.
    static func applyImport(_ e: Oneledger_V1_UserImported, _ db: Database) throws {
        let d = e.details
        try UserRecord(
            id: e.userID, username: e.username, password: e.passwordHash, displayName: e.displayName, role: e.role,
            status: e.status, email: e.email, githubId: d.githubID, discordId: d.discordID, oidcId: d.oidcID,
            wechatId: d.wechatID, telegramId: d.telegramID, linuxDoId: d.linuxDoID,
            accessToken: d.accessTokenSha256.isEmpty ? nil : d.accessTokenSha256, quota: e.quota,
            usedQuota: e.usedQuota, requestCount: e.requestCount, group: e.group, affCode: d.affCode,
            affCount: d.affCount, affQuota: d.affQuota, affHistory: d.affHistory, inviterId: d.inviterID,
            deletedAt: d.deletedAt.isEmpty ? nil : d.deletedAt, setting: d.setting, remark: d.remark,
            stripeCustomer: "", createdAt: e.createdAt, lastLoginAt: d.lastLoginAt
        ).insert(db)
        try db.execute(
            sql: """
                INSERT INTO users_sequence (id, max_user_id) VALUES (1, ?)
                ON CONFLICT (id) DO UPDATE SET max_user_id = max(max_user_id, excluded.max_user_id)
                """, arguments: [e.userID])
    }
}
