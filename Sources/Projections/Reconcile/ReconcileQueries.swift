public import GRDB

/// What reconciliation compares with the ledger: consume charges per UTC day, user, token and
/// channel in the log read model and in the statistics buckets, the counters of users, tokens
/// and channels, and the bound below which the log was pruned — all from one read transaction.
public struct ReconcileQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    /// One line of the per-day comparison.
    public struct DayKey: Hashable, Sendable, Comparable {
        public var day: Int64
        public var userID: Int64
        public var tokenID: Int64
        public var channelID: Int64

        public init(day: Int64, userID: Int64, tokenID: Int64, channelID: Int64) {
            self.day = day
            self.userID = userID
            self.tokenID = tokenID
            self.channelID = channelID
        }

        public static func < (a: DayKey, b: DayKey) -> Bool {
            (a.day, a.userID, a.tokenID, a.channelID) < (b.day, b.userID, b.tokenID, b.channelID)
        }
    }

    /// The read models' side of a reconciliation.
    public struct ReadSide: Sendable {
        public var logCharges: [DayKey: Int64] = [:]
        public var bucketCharges: [DayKey: Int64] = [:]
        /// Users: quota and used_quota; tokens and channels: used_quota.
        public var userQuota: [Int64: Int64] = [:]
        public var userUsed: [Int64: Int64] = [:]
        public var tokenUsed: [Int64: Int64] = [:]
        public var channelUsed: [Int64: Int64] = [:]
        /// Log rows created before this were pruned (`Int64.min`: never pruned).
        public var prunedBefore: Int64 = .min
        public var checkpoint: UInt64 = 0
    }

    /// Everything for the UTC days `fromDay...toDay` (day = Unix seconds / 86400).
    public func readSide(fromDay: Int64, toDay: Int64) async throws -> ReadSide {
        try await reader.read { db in
            var side = ReadSide()
            let start = fromDay * 86_400
            let end = toDay * 86_400 + 86_399
            func charges(_ sql: String) throws -> [DayKey: Int64] {
                var sums: [DayKey: Int64] = [:]
                for row in try Row.fetchAll(db, sql: sql, arguments: [start, end]) {
                    sums[DayKey(day: row[0], userID: row[1], tokenID: row[2], channelID: row[3])] = row[4]
                }
                return sums
            }
            side.logCharges = try charges(
                """
                SELECT created_at / 86400, user_id, token_id, channel_id, sum(quota) FROM logs
                WHERE type = 2 AND created_at BETWEEN ? AND ? GROUP BY 1, 2, 3, 4
                """)
            side.bucketCharges = try charges(
                """
                SELECT created_at / 86400, user_id, token_id, channel_id, sum(quota) FROM usage_buckets
                WHERE created_at BETWEEN ? AND ? GROUP BY 1, 2, 3, 4
                """)
            for row in try Row.fetchAll(db, sql: "SELECT id, quota, used_quota FROM users") {
                side.userQuota[row[0]] = row[1]
                side.userUsed[row[0]] = row[2]
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, used_quota FROM tokens") {
                side.tokenUsed[row[0]] = row[1]
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, used_quota FROM channels") {
                side.channelUsed[row[0]] = row[1]
            }
            side.prunedBefore = try LogsProjection.prunedBefore(db)
            side.checkpoint = try ReadModels.checkpoint(db)
            return side
        }
    }
}
