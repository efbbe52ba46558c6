import Projections

/// A statistics bucket as `/api/data/*` answers it (resources.md §6.1): New API's QuotaData
/// fields (`id` 0, as the reference's grouped rows have it) plus the cache tokens.
struct QuotaDataJSON: Encodable {
    var bucket: StatisticsQueries.Bucket

    enum CodingKeys: String, CodingKey {
        case id, username, count, quota
        case userID = "user_id"
        case modelName = "model_name"
        case createdAt = "created_at"
        case tokenUsed = "token_used"
        case cacheRead = "cache_read_tokens"
        case cacheWrite = "cache_write_tokens"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(0, forKey: .id)
        try c.encode(bucket.userID, forKey: .userID)
        try c.encode(bucket.username, forKey: .username)
        try c.encode(bucket.modelName, forKey: .modelName)
        try c.encode(bucket.createdAt, forKey: .createdAt)
        try c.encode(bucket.tokenUsed, forKey: .tokenUsed)
        try c.encode(bucket.count, forKey: .count)
        try c.encode(bucket.quota, forKey: .quota)
        try c.encode(bucket.cacheReadTokens, forKey: .cacheRead)
        try c.encode(bucket.cacheWriteTokens, forKey: .cacheWrite)
    }
}
