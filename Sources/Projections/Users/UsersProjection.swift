import Foundation
import GRDB
import Ledger

/// Keeps `users` from the user events.
enum UsersProjection: Projection {
    static let name = "users"
    /// 2: usage and holds move the counters (`+Usage.swift`).
    static let version = 2
    static let tables = ["users", "users_sequence"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("users.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                        id INTEGER PRIMARY KEY NOT NULL,
                        username TEXT NOT NULL UNIQUE,
                        password TEXT NOT NULL DEFAULT '',
                        display_name TEXT NOT NULL DEFAULT '',
                        role INTEGER NOT NULL DEFAULT 1,
                        status INTEGER NOT NULL DEFAULT 1,
                        email TEXT NOT NULL DEFAULT '',
                        github_id TEXT NOT NULL DEFAULT '',
                        discord_id TEXT NOT NULL DEFAULT '',
                        oidc_id TEXT NOT NULL DEFAULT '',
                        wechat_id TEXT NOT NULL DEFAULT '',
                        telegram_id TEXT NOT NULL DEFAULT '',
                        linux_do_id TEXT NOT NULL DEFAULT '',
                        access_token TEXT UNIQUE,
                        quota INTEGER NOT NULL DEFAULT 0,
                        used_quota INTEGER NOT NULL DEFAULT 0,
                        request_count INTEGER NOT NULL DEFAULT 0,
                        "group" TEXT NOT NULL DEFAULT 'default',
                        aff_code TEXT NOT NULL DEFAULT '',
                        aff_count INTEGER NOT NULL DEFAULT 0,
                        aff_quota INTEGER NOT NULL DEFAULT 0,
                        aff_history INTEGER NOT NULL DEFAULT 0,
                        inviter_id INTEGER NOT NULL DEFAULT 0,
                        deleted_at TEXT,
                        setting TEXT NOT NULL DEFAULT '',
                        remark TEXT NOT NULL DEFAULT '',
                        stripe_customer TEXT NOT NULL DEFAULT '',
                        created_at INTEGER NOT NULL,
                        last_login_at INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE UNIQUE INDEX users_aff_code ON users(aff_code) WHERE aff_code <> '';
                    CREATE INDEX users_email ON users(email);
                    CREATE INDEX users_display_name ON users(display_name);
                    CREATE TABLE users_sequence (
                        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), max_user_id INTEGER NOT NULL);
                    """)
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        switch recorded.event {
        case .userRegistered(let e):
            try UserRecord(
                id: e.userID, username: e.username, password: e.passwordHash, displayName: e.displayName,
                role: e.role, status: e.status, email: e.email, githubId: "", discordId: "", oidcId: "", wechatId: "",
                telegramId: "", linuxDoId: "", accessToken: nil, quota: e.quota, usedQuota: 0, requestCount: 0,
                group: e.group, affCode: e.affCode, affCount: 0, affQuota: 0, affHistory: 0, inviterId: e.inviterID,
                deletedAt: nil, setting: e.setting, remark: "", stripeCustomer: "", createdAt: e.createdAt,
                lastLoginAt: 0
            ).insert(db)
            try db.execute(
                sql: """
                    INSERT INTO users_sequence (id, max_user_id) VALUES (1, ?)
                    ON CONFLICT (id) DO UPDATE SET max_user_id = max(max_user_id, excluded.max_user_id)
                    """, arguments: [e.userID])
        case .inviterRewarded(let e):
            try db.execute(
                sql: """
                    UPDATE users SET aff_count = aff_count + 1, aff_quota = aff_quota + ?, aff_history = aff_history + ?
                    WHERE id = ?
                    """, arguments: [e.reward, e.reward, e.userID])
        case .userProfileUpdated(let e):
            try db.execute(
                sql: #"UPDATE users SET username = ?, display_name = ?, "group" = ?, remark = ? WHERE id = ?"#,
                arguments: [e.username, e.displayName, e.group, e.remark, e.userID])
            if !e.passwordHash.isEmpty {
                try db.executeCached(
                    sql: "UPDATE users SET password = ? WHERE id = ?", arguments: [e.passwordHash, e.userID])
            }
        case .userSettingChanged(let e):
            try db.executeCached(sql: "UPDATE users SET setting = ? WHERE id = ?", arguments: [e.setting, e.userID])
        case .userStatusChanged(let e):
            try db.executeCached(sql: "UPDATE users SET status = ? WHERE id = ?", arguments: [e.statusAfter, e.userID])
        case .userRoleChanged(let e):
            try db.executeCached(sql: "UPDATE users SET role = ? WHERE id = ?", arguments: [e.roleAfter, e.userID])
        case .userDeleted(let e):
            if e.hard {
                try db.executeCached(sql: "DELETE FROM users WHERE id = ?", arguments: [e.userID])
            } else {
                try db.execute(
                    sql: "UPDATE users SET deleted_at = ? WHERE id = ?",
                    arguments: [rfc3339(milliseconds: recorded.time), e.userID])
            }
        case .userQuotaAdjusted(let e):
            try db.executeCached(sql: "UPDATE users SET quota = ? WHERE id = ?", arguments: [e.quotaAfter, e.userID])
        case .userAccessTokenIssued(let e):
            try db.executeCached(
                sql: "UPDATE users SET access_token = ? WHERE id = ?", arguments: [e.tokenSha256, e.userID])
        case .userAffCodeAssigned(let e):
            try db.executeCached(sql: "UPDATE users SET aff_code = ? WHERE id = ?", arguments: [e.affCode, e.userID])
        case .userLoggedIn(let e):
            try db.executeCached(
                sql: "UPDATE users SET last_login_at = ? WHERE id = ?", arguments: [e.loginAt, e.userID])
        case .userBindingChanged(let e):
            guard let binding = UserBinding(rawValue: e.binding) else { break }
            try db.execute(
                sql: "UPDATE users SET \(binding.column) = ? WHERE id = ?", arguments: [e.value, e.userID])
        case .redemptionCodeRedeemed(let e):
            try db.executeCached(sql: "UPDATE users SET quota = ? WHERE id = ?", arguments: [e.quotaAfter, e.userID])
        case .userImported(let e):
            try applyImport(e, db)
        case .topUpOrderCompleted(let e):
            try db.executeCached(sql: "UPDATE users SET quota = ? WHERE id = ?", arguments: [e.quotaAfter, e.userID])
        case .affQuotaTransferred(let e):
            try db.executeCached(
                sql: "UPDATE users SET quota = ?, aff_quota = ? WHERE id = ?",
                arguments: [e.quotaAfter, e.affQuotaAfter, e.userID])
        case .userEmailBound(let e):
            try db.executeCached(sql: "UPDATE users SET email = ? WHERE id = ?", arguments: [e.email, e.userID])
        case .userPasswordReset(let e):
            try db.executeCached(
                sql: "UPDATE users SET password = ? WHERE id = ?", arguments: [e.passwordHash, e.userID])
        default:
            break
        }
    }

    /// The soft-delete marker as New API serializes `DeletedAt`, in UTC.
    static func rfc3339(milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
