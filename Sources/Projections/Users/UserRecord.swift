public import GRDB

/// A row of `users`, named and shaped as New API's table (docs/api.md, Users (admin)).
/// `password` is the bcrypt hash and `access_token` the SHA-256 (hex) of the access token.
public struct UserRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "users"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64
    public var username: String
    public var password: String
    public var displayName: String
    public var role: Int32
    public var status: Int32
    public var email: String
    public var githubId: String
    public var discordId: String
    public var oidcId: String
    public var wechatId: String
    public var telegramId: String
    public var linuxDoId: String
    public var accessToken: String?
    public var quota: Int64
    public var usedQuota: Int64
    public var requestCount: Int64
    public var group: String
    public var affCode: String
    public var affCount: Int64
    public var affQuota: Int64
    public var affHistory: Int64
    public var inviterId: Int64
    /// RFC 3339 time of the soft delete, or nil.
    public var deletedAt: String?
    public var setting: String
    public var remark: String
    public var stripeCustomer: String
    public var createdAt: Int64
    public var lastLoginAt: Int64

    public enum Columns {
        public static let id = Column("id")
        public static let username = Column("username")
        public static let email = Column("email")
        public static let displayName = Column("display_name")
        public static let role = Column("role")
        public static let status = Column("status")
        public static let group = Column("group")
        public static let deletedAt = Column("deleted_at")
        public static let accessToken = Column("access_token")
        public static let affCode = Column("aff_code")
    }
}

extension UserRecord {
    /// Decodes a row by column name — what the Codable path does, without its per-column key
    /// conversion, which dominated the cost of every authenticated request and every decision.
    public init(row: Row) throws {
        id = row["id"]
        username = row["username"]
        password = row["password"]
        displayName = row["display_name"]
        role = row["role"]
        status = row["status"]
        email = row["email"]
        githubId = row["github_id"]
        discordId = row["discord_id"]
        oidcId = row["oidc_id"]
        wechatId = row["wechat_id"]
        telegramId = row["telegram_id"]
        linuxDoId = row["linux_do_id"]
        accessToken = row["access_token"]
        quota = row["quota"]
        usedQuota = row["used_quota"]
        requestCount = row["request_count"]
        group = row["group"]
        affCode = row["aff_code"]
        affCount = row["aff_count"]
        affQuota = row["aff_quota"]
        affHistory = row["aff_history"]
        inviterId = row["inviter_id"]
        deletedAt = row["deleted_at"]
        setting = row["setting"]
        remark = row["remark"]
        stripeCustomer = row["stripe_customer"]
        createdAt = row["created_at"]
        lastLoginAt = row["last_login_at"]
    }

    /// A row whose every field holds its zero value except `role` and `status` (the shape of
    /// New API's `manage` replies).
    public static func zero(role: Int32, status: Int32) -> UserRecord {
        UserRecord(
            id: 0, username: "", password: "", displayName: "", role: role, status: status, email: "", githubId: "",
            discordId: "", oidcId: "", wechatId: "", telegramId: "", linuxDoId: "", accessToken: nil, quota: 0,
            usedQuota: 0, requestCount: 0, group: "", affCode: "", affCount: 0, affQuota: 0, affHistory: 0,
            inviterId: 0, deletedAt: nil, setting: "", remark: "", stripeCustomer: "", createdAt: 0, lastLoginAt: 0)
    }
}
