import GRDB

/// The dimensions `log_rollups` counts by: every row (`all`, value 0), or one filter the log
/// routes take, by its id (`user_id`, `token_id`, `model_id`, `channel_id`, `group_id`);
/// `allByMinute` is every row again, per minute (its `hour` column holds the minute's start),
/// so an unfiltered total counts at most two partial minutes of rows.
public enum LogDimension: Int64, Sendable {
    case all = 0
    case user, token, model, channel, group
    case allByMinute
}

/// Per-hour rollups of log rows, accumulated in memory for one batch of events and written
/// with one upsert per key: `(dim, value, type, hour) → count, quota, tokens`.
///
/// They are never decremented: pruning moves the log's lower bound instead
/// (`LogsProjection.prunedBefore`), and totals count the partial hours at either end of a
/// range from the rows. So the type-2 rollups are also the statistics per user and per model.
struct LogRollups {
    struct Key: Hashable {
        var dim: LogDimension
        var value: Int64
        var type: Int32
        var hour: Int64
    }

    struct Sums {
        var count: Int64 = 0
        var quota: Int64 = 0
        var tokens: Int64 = 0
    }

    private(set) var sums: [Key: Sums] = [:]

    /// Counts one row in every dimension it has (an id of 0 means the row has none).
    mutating func add(
        type: Int32, hour createdAt: Int64, userID: Int64, tokenID: Int64 = 0, modelID: Int64 = 0,
        channelID: Int64 = 0, groupID: Int64 = 0, quota: Int64, tokens: Int64 = 0
    ) {
        let hour = createdAt - ((createdAt % 3600) + 3600) % 3600
        for (dim, value) in [
            (LogDimension.all, Int64(0)), (.user, userID), (.token, tokenID), (.model, modelID), (.channel, channelID),
            (.group, groupID),
        ] where dim == .all || value != 0 {
            sums[Key(dim: dim, value: value, type: type, hour: hour), default: Sums()].add(quota: quota, tokens: tokens)
        }
        let minute = createdAt - ((createdAt % 60) + 60) % 60
        sums[Key(dim: .allByMinute, value: 0, type: type, hour: minute), default: Sums()].add(
            quota: quota, tokens: tokens)
    }

    func write(_ db: Database) throws {
        for (key, sums) in sums {
            try db.executeCached(
                sql: """
                    INSERT INTO log_rollups (dim, value, type, hour, count, quota, tokens) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (dim, value, type, hour) DO UPDATE SET count = count + excluded.count,
                        quota = quota + excluded.quota, tokens = tokens + excluded.tokens
                    """,
                binding: key.dim.rawValue, key.value, key.type, key.hour, sums.count, sums.quota, sums.tokens)
        }
    }
}

extension LogRollups.Sums {
    mutating func add(quota: Int64, tokens: Int64) {
        count += 1
        self.quota += quota
        self.tokens += tokens
    }
}
