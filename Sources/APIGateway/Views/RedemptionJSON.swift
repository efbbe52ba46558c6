import Engine
import Projections

/// A redemption code as the admin routes answer it (docs/api.md, Redemptions (admin)): the key opened from
/// its sealed form, `count` always 0, `DeletedAt` null.
struct RedemptionJSON: Encodable {
    let record: RedemptionRecord
    let key: String

    init(_ record: RedemptionRecord, sealer: SecretSealer) {
        self.record = record
        key = sealer.openOrEmpty(record.sealedKey)
    }

    enum CodingKeys: String, CodingKey {
        case id, key, status, name, quota, count
        case userID = "user_id"
        case createdTime = "created_time"
        case redeemedTime = "redeemed_time"
        case usedUserID = "used_user_id"
        case deletedAt = "DeletedAt"
        case expiredTime = "expired_time"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(record.id, forKey: .id)
        try c.encode(record.userId, forKey: .userID)
        try c.encode(key, forKey: .key)
        try c.encode(record.status, forKey: .status)
        try c.encode(record.name, forKey: .name)
        try c.encode(record.quota, forKey: .quota)
        try c.encode(record.createdTime, forKey: .createdTime)
        try c.encode(record.redeemedTime, forKey: .redeemedTime)
        try c.encode(0, forKey: .count)
        try c.encode(record.usedUserId, forKey: .usedUserID)
        try c.encodeNil(forKey: .deletedAt)
        try c.encode(record.expiredTime, forKey: .expiredTime)
    }
}
