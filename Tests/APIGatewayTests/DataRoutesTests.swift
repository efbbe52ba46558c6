import Foundation
import Ledger
import Testing

/// `/api/data/*` after a generated workload: every bucket equals the sums computed from the
/// records; filters, daily buckets and the reference's limits.
@Suite struct DataRoutesTests {
    typealias Key = [String]

    /// Sums of (count, quota, token_used) per key.
    static func sums(_ usages: [Oneledger_V1_UsageRecorded], key: (Oneledger_V1_UsageRecorded) -> Key) -> [Key: [Int64]]
    {
        var sums: [Key: [Int64]] = [:]
        for usage in usages {
            var s = sums[key(usage)] ?? [0, 0, 0]
            s[0] += 1
            s[1] += usage.quota
            s[2] += usage.promptTokens + usage.completionTokens
            sums[key(usage)] = s
        }
        return sums
    }

    static func answered(_ reply: APIResponse, key: ([String: Any]) -> Key) -> [Key: [Int64]] {
        var sums: [Key: [Int64]] = [:]
        for row in reply.data as? [[String: Any]] ?? [] {
            let values = ["count", "quota", "token_used"].map { (row[$0] as? NSNumber)?.int64Value ?? -1 }
            sums[key(row)] = values
        }
        return sums
    }

    static func hour(_ t: Int64) -> String { String(t - t % 3600) }
    static func day(_ t: Int64) -> String { String(t - t % 86400) }

    @Test func bucketsEqualTheRecordsSums() async throws {
        try await withRunningServerAndUsage { api, fixtures, seeder in
            let w = try await LogRoutesTests.world(api, fixtures, seeder)
            let range = "start_timestamp=\(w.end - 40 * 3600)&end_timestamp=\(w.end + 3600)"
            let byModel = try await api.get("/api/data/?username=&\(range)&default_time=hour", as: w.root)
            #expect(byModel.success)
            #expect(
                Self.answered(byModel) { [$0["model_name"] as! String, "\($0["created_at"]!)"] }
                    == Self.sums(w.usages) { [$0.modelName, Self.hour($0.createdAt)] })

            let alice = w.usages.filter { $0.userID == w.alice.userID }
            let mine = try await api.get("/api/data/self/?\(range)", as: w.alice)
            #expect(
                Self.answered(mine) {
                    [$0["model_name"] as! String, "\($0["created_at"]!)", $0["username"] as! String]
                }
                    == Self.sums(alice) { [$0.modelName, Self.hour($0.createdAt), "alice"] })
            let named = try await api.get("/api/data?username=alice&\(range)", as: w.root)
            #expect(
                Self.answered(named) { [$0["model_name"] as! String, "\($0["created_at"]!)"] }
                    == Self.sums(alice) { [$0.modelName, Self.hour($0.createdAt)] })

            let users = try await api.get("/api/data/users?\(range)", as: w.root)
            #expect(
                Self.answered(users) { [$0["username"] as! String, "\($0["created_at"]!)"] }
                    == Self.sums(w.usages) { [$0.userID == w.alice.userID ? "alice" : "bob", Self.hour($0.createdAt)] })

            let daily = try await api.get("/api/data/?\(range)&granularity=day&channel=2&group=vip", as: w.root)
            #expect(
                Self.answered(daily) { [$0["model_name"] as! String, "\($0["created_at"]!)"] }
                    == Self.sums(w.usages.filter { $0.channelID == 2 && $0.group == "vip" }) {
                        [$0.modelName, Self.day($0.createdAt)]
                    })
            let byToken = try await api.get("/api/data/self?\(range)&token_id=\(w.aliceToken)", as: w.alice)
            #expect(
                Self.answered(byToken) { [$0["model_name"] as! String, "\($0["created_at"]!)"] }
                    == Self.sums(alice) { [$0.modelName, Self.hour($0.createdAt)] })
            let cache = (byToken.data as? [[String: Any]] ?? []).map { ($0["cache_read_tokens"] as? Int64) ?? 0 }
                .reduce(0, +)
            #expect(cache == alice.map(\.cacheReadTokens).reduce(0, +))
            // Someone else's token filters the caller's own rows down to nothing.
            #expect(
                (try await api.get("/api/data/self?\(range)&token_id=\(w.bobToken)", as: w.alice).data as? [Any])?
                    .isEmpty == true)
        }
    }

    @Test func limitsAndEmptyAnswersAreArrays() async throws {
        try await withRunningServerAndUsage { api, fixtures, seeder in
            let w = try await LogRoutesTests.world(api, fixtures, seeder, count: 20)
            let none = try await api.get("/api/data/", as: w.root)
            #expect(none.success && (none.data as? [Any])?.isEmpty == true)
            let long = try await api.get("/api/data/self?start_timestamp=0&end_timestamp=2592001", as: w.alice)
            #expect(!long.success && long.message == "时间跨度不能超过 1 个月")
            let unknown = try await api.get(
                "/api/data/?username=nobody&start_timestamp=0&end_timestamp=\(w.end)", as: w.root)
            #expect((unknown.data as? [Any])?.isEmpty == true)
            #expect((try await api.get("/api/data/users", as: w.root).data as? [Any])?.isEmpty == true)
        }
    }
}
