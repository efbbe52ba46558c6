import Engine
import Ledger
import Projections

/// A token as `/api/token/*` answers it to its owner (docs/api.md, Tokens): the full key, opened
/// from its sealed form, since docs/api.md shows the owner their keys; `DeletedAt` is always null.
/// `status` is the one the token shows now: 3 past its expiry, 4 when spent (`TokenStatus.shown`).
struct TokenJSON: Encodable {
    let record: TokenRecord
    let key: String
    let status: Int32

    init(_ record: TokenRecord, sealer: SecretSealer, now: Int64) {
        self.record = record
        key = sealer.openOrEmpty(record.sealedKey)
        status = TokenStatus.shown(record.fields, usedQuota: record.usedQuota, at: now)
    }

    /// The token with `key` shown as given (point-in-time state shows it masked to admins).
    init(_ record: TokenRecord, key: String, now: Int64) {
        self.record = record
        self.key = key
        status = TokenStatus.shown(record.fields, usedQuota: record.usedQuota, at: now)
    }

    enum CodingKeys: String, CodingKey {
        case id, key, status, name, group
        case userID = "user_id"
        case createdTime = "created_time"
        case accessedTime = "accessed_time"
        case expiredTime = "expired_time"
        case remainQuota = "remain_quota"
        case unlimitedQuota = "unlimited_quota"
        case modelLimitsEnabled = "model_limits_enabled"
        case modelLimits = "model_limits"
        case allowIPs = "allow_ips"
        case usedQuota = "used_quota"
        case crossGroupRetry = "cross_group_retry"
        case deletedAt = "DeletedAt"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(record.id, forKey: .id)
        try c.encode(record.userId, forKey: .userID)
        try c.encode(key, forKey: .key)
        try c.encode(status, forKey: .status)
        try c.encode(record.name, forKey: .name)
        try c.encode(record.createdTime, forKey: .createdTime)
        try c.encode(record.accessedTime, forKey: .accessedTime)
        try c.encode(record.expiredTime, forKey: .expiredTime)
        try c.encode(record.remainQuota, forKey: .remainQuota)
        try c.encode(record.unlimitedQuota, forKey: .unlimitedQuota)
        try c.encode(record.modelLimitsEnabled, forKey: .modelLimitsEnabled)
        try c.encode(record.modelLimits, forKey: .modelLimits)
        try c.encode(record.allowIps, forKey: .allowIPs)
        try c.encode(record.usedQuota, forKey: .usedQuota)
        try c.encode(record.group, forKey: .group)
        try c.encode(record.crossGroupRetry, forKey: .crossGroupRetry)
        try c.encodeNil(forKey: .deletedAt)
    }
}
