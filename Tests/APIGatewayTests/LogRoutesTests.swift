import Foundation
import Ledger
import Testing

/// `/api/log/*` over real HTTP after a generated workload: every filter's total and rows equal
/// what the ingested records give, the user form hides what New API hides, pruning drops
/// rows but not statistics.
@Suite struct LogRoutesTests {
    struct World: Sendable {
        var root: Identity
        var alice: Identity
        var bob: Identity
        var aliceToken: Int64
        var bobToken: Int64
        var usages: [Oneledger_V1_UsageRecorded]
        var end: Int64
    }

    /// Root, two users with a token each, a channel, and `count` usages over 30 hours.
    static func world(_ api: APIClient, _ fixtures: Fixtures, _ seeder: UsageSeeder, count: Int = 300) async throws
        -> World
    {
        let root = try await fixtures.root()
        let alice = try await fixtures.signedInUser("alice")
        let bob = try await fixtures.signedInUser("bob")
        let aliceToken = try await fixtures.token(alice, name: "alice-key").id
        let bobToken = try await fixtures.token(bob, name: "bob-key").id
        let channel = try await api.post(
            "/api/channel/", #"{"mode":"single","channel":{"name":"openai","type":1,"key":"k","models":"gpt-4o"}}"#,
            as: root)
        #expect(channel.success)
        let end = Int64(Date().timeIntervalSince1970) - 120
        let usages = UsageWorkload.make(
            count: count, users: [(alice.userID, aliceToken), (bob.userID, bobToken)], channels: [1, 2], end: end,
            hours: 30)
        for chunk in stride(from: 0, to: usages.count, by: 100) {
            try await seeder.record(Array(usages[chunk..<min(chunk + 100, usages.count)]))
        }
        return World(
            root: root, alice: alice, bob: bob, aliceToken: aliceToken, bobToken: bobToken, usages: usages, end: end)
    }

    static func total(_ reply: APIResponse) -> Int { reply.object["total"] as? Int ?? -1 }
    static func items(_ reply: APIResponse) -> [[String: Any]] { reply.object["items"] as? [[String: Any]] ?? [] }

    @Test func everyFilterTotalsWhatTheRecordsGive() async throws {
        try await withRunningServerAndUsage { api, fixtures, seeder in
            let w = try await Self.world(api, fixtures, seeder)
            let consume = w.usages
            let start = w.end - 10 * 3600 - 1234
            let cases: [(String, (Oneledger_V1_UsageRecorded) -> Bool)] = [
                ("type=2", { _ in true }),
                ("type=2&model_name=gpt-4o", { $0.modelName == "gpt-4o" }),
                ("type=2&model_name=gpt%25", { $0.modelName.hasPrefix("gpt") }),
                ("type=2&username=alice", { $0.userID == w.alice.userID }),
                ("type=2&token_name=bob-key", { $0.tokenID == w.bobToken }),
                ("type=2&channel=2", { $0.channelID == 2 }),
                ("type=2&group=vip", { $0.group == "vip" }),
                (
                    "type=2&start_timestamp=\(start)&end_timestamp=\(w.end - 777)",
                    { $0.createdAt >= start && $0.createdAt <= w.end - 777 }
                ),
                (
                    "type=2&start_timestamp=\(start)&model_name=gpt-4o-mini&username=bob",
                    {
                        $0.createdAt >= start && $0.modelName == "gpt-4o-mini" && $0.userID == w.bob.userID
                    }
                ),
                ("type=2&request_id=req-7-17", { $0.requestID == "req-7-17" }),
                ("type=2&model_name=nope", { _ in false }),
                ("type=2&upstream_request_id=x", { _ in false }),
            ]
            for (query, matches) in cases {
                let reply = try await api.get(
                    "/api/log/?p=1&page_size=100&\(query)&username=&channel=&group=", as: w.root)
                let filtered = try await api.get("/api/log?\(query)", as: w.root)
                let expected = consume.filter(matches).count
                #expect(
                    reply.success && Self.total(filtered) == expected,
                    "\(query): \(Self.total(filtered)) vs \(expected)")
            }
            // An empty filter is no filter: every row of every type.
            let all = try await api.get(
                "/api/log/?p=1&page_size=10&type=0&username=&token_name=&model_name=&start_timestamp=&end_timestamp=NaN&channel=&group=&request_id=",
                as: w.root)
            #expect(Self.total(all) >= consume.count && Self.items(all).count == 10)
        }
    }

    @Test func rowsCarryTheReferenceFieldsAndUsersSeeTheirOwnForm() async throws {
        try await withRunningServerAndUsage { api, fixtures, seeder in
            let w = try await Self.world(api, fixtures, seeder, count: 40)
            let target = try #require(w.usages.first { $0.userID == w.alice.userID })
            let admin = try await api.get("/api/log/?request_id=\(target.requestID)", as: w.root)
            let row = try #require(Self.items(admin).first)
            #expect(row["username"] as? String == "alice" && row["token_name"] as? String == "alice-key")
            #expect(row["model_name"] as? String == target.modelName && row["group"] as? String == target.group)
            #expect(row["other"] as? String == target.other && row["ip"] as? String == target.ip)
            #expect(row["quota"] as? Int64 == target.quota && row["type"] as? Int == 2)
            #expect(row["channel"] as? Int64 == target.channelID && row["request_id"] as? String == target.requestID)
            #expect(row["channel_name"] as? String == (target.channelID == 1 ? "openai" : ""))
            #expect(row["created_at"] as? Int64 == target.createdAt && row["is_stream"] as? Bool == target.isStream)

            let mine = try await api.get("/api/log/self/?p=2&page_size=5&type=2&username=bob&channel=2", as: w.alice)
            let aliceRows = w.usages.filter { $0.userID == w.alice.userID }
            #expect(Self.total(mine) == aliceRows.count)
            let items = Self.items(mine)
            #expect(items.map { $0["id"] as? Int } == (6...10).map { $0 })
            for item in items {
                #expect(item["username"] as? String == "alice" && item["channel_name"] as? String == "")
                let other = try #require(item["other"] as? String)
                #expect(!other.contains("admin_info") && other.contains("cache_tokens"))
            }
            #expect(
                try await api.get("/api/log/self?type=2", as: w.bob).object["total"] as? Int
                    == w.usages.filter { $0.userID == w.bob.userID }.count + 0)
        }
    }

    @Test func statAndSearch() async throws {
        try await withRunningServerAndUsage { api, fixtures, seeder in
            let w = try await Self.world(api, fixtures, seeder)
            let start = w.end - 5 * 3600 + 99
            let expected = w.usages.filter { $0.createdAt >= start && $0.modelName == "gpt-4o" }.map(\.quota).reduce(
                0, +)
            let stat = try await api.get(
                "/api/log/stat?type=0&username=&token_name=&model_name=gpt-4o&start_timestamp=\(start)&end_timestamp=\(w.end)&channel=&group=",
                as: w.root)
            #expect(stat.object["quota"] as? Int64 == expected && stat.object["rpm"] as? Int == 0)
            let mine = try await api.get(
                "/api/log/self/stat?start_timestamp=\(start)&end_timestamp=\(w.end)", as: w.bob)
            #expect(
                mine.object["quota"] as? Int64
                    == w.usages.filter { $0.createdAt >= start && $0.userID == w.bob.userID }.map(\.quota).reduce(0, +))

            // rpm/tpm cover the last 60 seconds.
            var now = UsageWorkload.make(
                count: 3, users: [(w.alice.userID, w.aliceToken)], channels: [1], end: 0, hours: 1)
            for i in now.indices {
                now[i].createdAt = Int64(Date().timeIntervalSince1970)
                now[i].requestID = "recent-\(i)"
            }
            try await seeder.record(now)
            let recent = try await api.get("/api/log/self/stat", as: w.alice)
            #expect(recent.object["rpm"] as? Int == 3)
            #expect(recent.object["tpm"] as? Int64 == now.map { $0.promptTokens + $0.completionTokens }.reduce(0, +))

            let search = try await api.get("/api/log/search?keyword=note&type=2", as: w.root)
            #expect(Self.total(search) == (w.usages + now).filter { $0.content.contains("note") }.count)
            let byModel = try await api.get("/api/log/self/search?keyword=mini", as: w.alice)
            #expect(
                Self.total(byModel)
                    == (w.usages + now).filter { $0.userID == w.alice.userID && $0.modelName.contains("mini") }.count)
            let byToken = try await api.get("/api/log/search?keyword=bob-k", as: w.root)
            #expect(Self.total(byToken) == w.usages.filter { $0.tokenID == w.bobToken }.count)
        }
    }

    @Test func pruningDropsOldRowsAndKeepsStatistics() async throws {
        try await withRunningServerAndUsage { api, fixtures, seeder in
            let w = try await Self.world(api, fixtures, seeder)
            let range = "start_timestamp=\(w.end - 40 * 3600)&end_timestamp=\(w.end + 3600)"
            let dataBefore = try await api.get("/api/data/?\(range)", as: w.root).text
            let missing = try await api.delete("/api/log/", as: w.root)
            #expect(!missing.success && missing.message == "target timestamp is required")
            #expect(
                try await api.delete("/api/log/?target_timestamp=0", as: w.root).message
                    == "target timestamp is required")
            let target = w.end - 12 * 3600 + 61
            let pruned = try await api.delete("/api/log/?target_timestamp=\(target)", as: w.root)
            let older = w.usages.filter { $0.createdAt < target }.count
            #expect(pruned.success && pruned.data as? Int == older)
            let left = try await api.get("/api/log/?type=2", as: w.root)
            #expect(Self.total(left) == w.usages.count - older)
            let spanning = try await api.get("/api/log/?type=2&start_timestamp=\(w.end - 20 * 3600)", as: w.root)
            #expect(Self.total(spanning) == w.usages.filter { $0.createdAt >= target }.count)
            #expect(try await api.get("/api/data/?\(range)", as: w.root).text == dataBefore)
            // Pruning again below the bound deletes nothing.
            #expect(try await api.delete("/api/log/?target_timestamp=\(target - 100)", as: w.root).data as? Int == 0)
        }
    }

    @Test func textWithNulComesBackWhole() async throws {
        try await withRunningServerAndUsage { api, fixtures, seeder in
            let w = try await Self.world(api, fixtures, seeder, count: 1)
            var usage = w.usages[0]
            usage.requestID = "nul"
            usage.content = "a\u{0}b"
            usage.modelName = "m\u{0}x"
            try await seeder.record([usage])
            let row = try #require(Self.items(try await api.get("/api/log/?request_id=nul", as: w.root)).first)
            #expect(row["content"] as? String == "a\u{0}b" && row["model_name"] as? String == "m\u{0}x")
        }
    }
}
