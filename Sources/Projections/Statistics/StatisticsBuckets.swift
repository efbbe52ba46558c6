import GRDB
import Ledger

/// The statistics a batch of usages adds, summed in memory per bucket and written with one
/// upsert per bucket.
struct StatisticsBuckets {
    struct Sums {
        var count: Int64 = 0
        var quota: Int64 = 0
        var tokenUsed: Int64 = 0
        var cacheRead: Int64 = 0
        var cacheWrite: Int64 = 0

        mutating func add(_ usage: Oneledger_V1_UsageRecorded) {
            count += 1
            quota += usage.quota
            tokenUsed += usage.promptTokens + usage.completionTokens
            cacheRead += usage.cacheReadTokens
            cacheWrite += usage.cacheWriteTokens
        }

        var values: [Int64] { [count, quota, tokenUsed, cacheRead, cacheWrite] }
    }

    struct Fine: Hashable {
        var userID, hour, tokenID, modelID, channelID, groupID: Int64
    }

    var fine: [Fine: Sums] = [:]

    mutating func add(_ usage: Oneledger_V1_UsageRecorded, _ run: CounterRun, _ db: Database) throws {
        let hour = usage.createdAt - ((usage.createdAt % 3600) + 3600) % 3600
        let key = Fine(
            userID: usage.userID, hour: hour, tokenID: usage.tokenID,
            modelID: try run.id(.model, usage.modelName, db), channelID: usage.channelID,
            groupID: try run.id(.group, usage.group, db))
        fine[key, default: Sums()].add(usage)
    }

    func write(_ db: Database) throws {
        var byUserModel: [UserModel: Sums] = [:]
        var byModel: [Model: Sums] = [:]
        for (key, sums) in fine {
            try db.executeCached(
                sql: Self.fineUpsert,
                binding: key.userID, key.hour, key.tokenID, key.modelID, key.channelID, key.groupID, sums.count,
                sums.quota, sums.tokenUsed, sums.cacheRead, sums.cacheWrite)
            byUserModel[UserModel(userID: key.userID, hour: key.hour, modelID: key.modelID), default: Sums()].merge(
                sums)
            byModel[Model(hour: key.hour, modelID: key.modelID), default: Sums()].merge(sums)
        }
        for (key, sums) in byUserModel { try Self.add(sums, to: key, db) }
        for (key, sums) in byModel { try Self.add(sums, to: key, db) }
    }

    /// Adds `sums` to a `quota_data` row (per user, hour and model).
    static func add(_ sums: Sums, to key: UserModel, _ db: Database) throws {
        try db.executeCached(
            sql: userModelUpsert,
            binding: key.userID, key.hour, key.modelID, sums.count, sums.quota, sums.tokenUsed, sums.cacheRead,
            sums.cacheWrite)
    }

    /// Adds `sums` to a `usage_models` row (per hour and model).
    static func add(_ sums: Sums, to key: Model, _ db: Database) throws {
        try db.executeCached(
            sql: modelUpsert,
            binding: key.hour, key.modelID, sums.count, sums.quota, sums.tokenUsed, sums.cacheRead, sums.cacheWrite)
    }

    struct UserModel: Hashable { var userID, hour, modelID: Int64 }
    struct Model: Hashable { var hour, modelID: Int64 }

    static let fineUpsert = upsert(
        table: "usage_buckets", keys: ["user_id", "created_at", "token_id", "model_id", "channel_id", "group_id"])
    static let userModelUpsert = upsert(table: "quota_data", keys: ["user_id", "created_at", "model_id"])
    static let modelUpsert = upsert(table: "usage_models", keys: ["created_at", "model_id"])

    /// The upsert of one bucket row of `table`: its key columns, then the five sums.
    static func upsert(table: String, keys: [String]) -> String {
        let columns = keys + ["count", "quota", "token_used", "cache_read_tokens", "cache_write_tokens"]
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let updates = columns.dropFirst(keys.count).map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        return """
            INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))
            ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET \(updates)
            """
    }
}

extension StatisticsBuckets.Sums {
    mutating func merge(_ other: Self) {
        count += other.count
        quota += other.quota
        tokenUsed += other.tokenUsed
        cacheRead += other.cacheRead
        cacheWrite += other.cacheWrite
    }
}
