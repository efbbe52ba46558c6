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
        var byUserModel: [[Int64]: Sums] = [:]
        var byModel: [[Int64]: Sums] = [:]
        for (key, sums) in fine {
            try upsert(
                db, table: "usage_buckets",
                keys: ["user_id", "created_at", "token_id", "model_id", "channel_id", "group_id"],
                [key.userID, key.hour, key.tokenID, key.modelID, key.channelID, key.groupID], sums)
            byUserModel[[key.userID, key.hour, key.modelID], default: Sums()].merge(sums)
            byModel[[key.hour, key.modelID], default: Sums()].merge(sums)
        }
        for (key, sums) in byUserModel {
            try upsert(db, table: "quota_data", keys: ["user_id", "created_at", "model_id"], key, sums)
        }
        for (key, sums) in byModel {
            try upsert(db, table: "usage_models", keys: ["created_at", "model_id"], key, sums)
        }
    }

    func upsert(_ db: Database, table: String, keys: [String], _ values: [Int64], _ sums: Sums) throws {
        let columns = keys + ["count", "quota", "token_used", "cache_read_tokens", "cache_write_tokens"]
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let updates = columns.dropFirst(keys.count).map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        try db.executeCached(
            sql: """
                INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))
                ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET \(updates)
                """,
            arguments: StatementArguments(values + sums.values))
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
