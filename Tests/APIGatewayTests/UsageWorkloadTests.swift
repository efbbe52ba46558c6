import APIGateway
import Foundation
import HTTPTypes
import Ledger
import TestSupport
import Testing

/// A realistic workload (`RealisticUsage`: zipf users, bursts, 1–3 tokens a user, 2–3 channels a
/// model) sent through `POST /api/ledger/usage`: every counter, `/api/log/stat`, `/self/stat`,
/// `/api/data`, `/data/self`, `/data/users` and the billing dashboard equal the sums computed
/// here from the records sent; pruning leaves balances and statistics as they were; a restart
/// and a rebuild from the ledger answer exactly the same; a repeated batch charges nothing.
@Suite struct UsageWorkloadTests {
    static let startQuota: Int64 = 1_000_000_000_000
    static let tokenQuota: Int64 = 100_000_000_000

    struct Token: Sendable {
        var id: Int64
        var key: String
        var owner: Int
        var unlimited: Bool
        /// What `remain_quota` was at creation (an unlimited token keeps it).
        var remain: Int64
    }

    struct World: Sendable {
        var root: Identity
        var users: [Identity]
        var names: [Int64: String]
        var tokens: [Token]
        var channels: [Int64]
        var records: [Oneledger_V1_UsageRecorded]
        var now: Int64
    }

    @Test func everySumEqualsTheRecordsThroughPruneRestartAndRebuild() async throws {
        let clock = TestClock()
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let saved = Saved()
        let configure: @Sendable (inout GatewayConfiguration) -> Void = { $0.clock = clock.wallClock }
        try await withRunningServer(dataDirectory: directory, configure: configure) { api, fixtures in
            let w = try await Self.world(api, fixtures, now: clock.seconds)
            let batches = stride(from: 0, to: w.records.count, by: 400).map {
                Array(w.records[$0..<min($0 + 400, w.records.count)])
            }
            for (i, batch) in batches.enumerated() {
                // The second batch repeats the first's first hundred records: charged once.
                let repeated = i == 1 ? Array(batches[0].prefix(100)) : []
                let reply = try await fixtures.ingest("/api/ledger/usage", Self.json(repeated + batch))
                #expect(reply.success && reply.object["duplicates"] as? Int == repeated.count, "\(reply.text)")
            }
            try await Self.check(api, fixtures, w, logs: w.records)
            let before = try await Self.answers(api, w, statistics: true)
            // Pruning drops log rows only: balances, statistics and the dashboard stay as they were.
            let target = w.now - 20 * 3600
            let pruned = try await api.delete("/api/log/?target_timestamp=\(target)", as: w.root)
            #expect(pruned.success && pruned.data as? Int == w.records.filter { $0.createdAt < target }.count)
            try await Self.check(api, fixtures, w, logs: w.records.filter { $0.createdAt >= target })
            #expect(try await Self.answers(api, w, statistics: true) == before)
            await saved.set(w, try await Self.answers(api, w, statistics: false))
        }
        let (w, after) = await saved.get()
        try await withRunningServer(dataDirectory: directory, configure: configure) { api, fixtures in
            #expect(try await Self.answers(api, w, statistics: false) == after)
            let again = try await fixtures.ingest("/api/ledger/usage", Self.json(Array(w.records.suffix(300))))
            #expect(again.object["recorded"] as? Int == 0 && again.object["duplicates"] as? Int == 300)
            #expect(try await Self.answers(api, w, statistics: false) == after)
        }
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: directory + "/readmodels.sqlite" + suffix)
        }
        try await withRunningServer(dataDirectory: directory, configure: configure) { api, fixtures in
            #expect(try await Self.answers(api, w, statistics: false) == after)
            try await Self.check(api, fixtures, w, logs: w.records.filter { $0.createdAt >= w.now - 20 * 3600 })
        }
    }

    // MARK: - The workload

    /// Root, eight users with 1–3 tokens each (every third unlimited), the channels of each model,
    /// and 2,400 records over the last 48 hours, forty of them in the last minute.
    static func world(_ api: APIClient, _ fixtures: Fixtures, now: Int64) async throws -> World {
        let root = try await fixtures.root()
        let shape = UsagePopulation.synthetic(users: 8, seed: 3)
        var users: [Identity] = []
        var names: [Int64: String] = [:]
        var tokens: [Token] = []
        var tokenIDs: [[Int64]] = []
        for (index, owned) in shape.tokens.enumerated() {
            let user = try await fixtures.signedInUser("w\(index)")
            let add = #"{"id":\#(user.userID),"action":"add_quota","mode":"override","value":\#(startQuota)}"#
            #expect(try await api.post("/api/user/manage", add, as: root).success)
            users.append(user)
            names[user.userID] = "w\(index)"
            var ids: [Int64] = []
            for _ in owned {
                let unlimited = tokens.count % 3 == 0
                let body =
                    unlimited
                    ? #"{"name":"k\#(tokens.count)","unlimited_quota":true}"#
                    : #"{"name":"k\#(tokens.count)","remain_quota":\#(tokenQuota)}"#
                let reply = try await api.post("/api/token/", body, as: user)
                let id = try #require((reply.object["id"] as? NSNumber)?.int64Value, "\(reply.text)")
                let remain = (reply.object["remain_quota"] as? NSNumber)?.int64Value ?? -1
                tokens.append(
                    Token(
                        id: id, key: reply.object["key"] as? String ?? "", owner: index, unlimited: unlimited,
                        remain: remain))
                ids.append(id)
            }
            tokenIDs.append(ids)
        }
        var channelOf: [Int64: Int64] = [:]
        for id in shape.channelIDs {
            channelOf[id] = try await fixtures.channel("ch\(id)", root: root, models: shape.models(ofChannel: id))
        }
        var population = shape
        population.users = users.map(\.userID)
        population.tokens = tokenIDs
        population.modelChannels = shape.modelChannels.map { $0.map { channelOf[$0]! } }
        var generator = RealisticUsage(seed: 11, population: population)
        var records: [Oneledger_V1_UsageRecorded] = []
        for i in 0..<2_400 {
            let spread = Int64((i * 7_919) % (47 * 3_600))
            let createdAt: Int64 = i < 2_360 ? now - 3_600 - spread : now - Int64(i % 50)
            records.append(generator.next(createdAt: createdAt))
        }
        return World(
            root: root, users: users, names: names, tokens: tokens, channels: channelOf.values.sorted(),
            records: records, now: now)
    }

    /// The records as the relay sends them.
    static func json(_ records: [Oneledger_V1_UsageRecorded]) throws -> String {
        struct Wire: Encodable {
            var request_id: String
            var user_id, token_id, channel_id: Int64
            var model_name, group: String
            var prompt_tokens, completion_tokens, quota, use_time: Int64
            var is_stream: Bool
            var ip, content, other: String
            var created_at: Int64
        }
        let wire = records.map {
            Wire(
                request_id: $0.requestID, user_id: $0.userID, token_id: $0.tokenID, channel_id: $0.channelID,
                model_name: $0.modelName, group: $0.group, prompt_tokens: $0.promptTokens,
                completion_tokens: $0.completionTokens, quota: $0.quota, use_time: $0.useTime, is_stream: $0.isStream,
                ip: $0.ip, content: $0.content, other: $0.other, created_at: $0.createdAt)
        }
        return String(decoding: try JSONEncoder().encode(wire), as: UTF8.self)
    }

    // MARK: - The sums

    static func sum(_ records: [Oneledger_V1_UsageRecorded], _ value: (Oneledger_V1_UsageRecorded) -> Int64) -> Int64 {
        records.reduce(0) { $0 + value($1) }
    }

    /// Every counter and read equals what `w.records` give; `logs` are the records the log still holds.
    static func check(_ api: APIClient, _ fixtures: Fixtures, _ w: World, logs: [Oneledger_V1_UsageRecorded])
        async throws
    {
        let records = w.records
        for user in w.users {
            let mine = records.filter { $0.userID == user.userID }
            let counters = try await fixtures.userCounters(user.userID, root: w.root)
            #expect(counters.quota == startQuota - sum(mine, \.quota), "user \(user.userID)")
            #expect(counters.used == sum(mine, \.quota) && counters.requests == Int64(mine.count))
        }
        for token in w.tokens {
            let mine = records.filter { $0.tokenID == token.id }
            let counters = try await fixtures.tokenCounters(token.id, owner: w.users[token.owner])
            let remain = token.unlimited ? token.remain : tokenQuota - sum(mine, \.quota)
            #expect(counters.remain == remain && counters.used == sum(mine, \.quota), "token \(token.id)")
            let subscription = try await billing(api, "/v1/dashboard/billing/subscription", token.key)
            let limit = token.unlimited ? 100_000_000 : Double(tokenQuota) / 500_000
            #expect(close(subscription["hard_limit_usd"], limit), "token \(token.id): \(subscription)")
            let usage = try await billing(api, "/dashboard/billing/usage", token.key)
            #expect(close(usage["total_usage"], Double(sum(mine, \.quota)) / 500_000 * 100), "\(usage)")
        }
        for channel in w.channels {
            let used = sum(records.filter { $0.channelID == channel }, \.quota)
            #expect(try await fixtures.channelUsedQuota(channel, root: w.root) == used, "channel \(channel)")
        }

        // /api/log/stat: quota over the range and filters; rpm and tpm over the last minute.
        let (start, end) = (w.now - 30 * 3_600, w.now - 2 * 3_600)
        let recent = records.filter { $0.createdAt > w.now - 60 }
        func inRange(_ r: Oneledger_V1_UsageRecorded) -> Bool { r.createdAt >= start && r.createdAt <= end }
        let stat = try await api.get("/api/log/stat?type=2&start_timestamp=\(start)&end_timestamp=\(end)", as: w.root)
        #expect(stat.object["quota"] as? Int64 == sum(logs.filter(inRange), \.quota), "\(stat.text)")
        #expect(stat.object["rpm"] as? Int == recent.count)
        #expect(stat.object["tpm"] as? Int64 == sum(recent) { $0.promptTokens + $0.completionTokens })
        // Unfiltered totals come from hour and minute rollups and the rows of partial minutes:
        // ranges inside a minute, inside an hour, across both, and open at either end.
        for (from, to) in [
            (start + 7, end - 13), (start + 61, start + 3_599), (end - 59, end), (start + 1, start + 1),
            (0, end - 1_801), (start + 3_601, 0),
        ] {
            let matching = logs.filter { ($0.createdAt >= from || from == 0) && ($0.createdAt <= to || to == 0) }
            let part = try await api.get(
                "/api/log/stat?type=2&start_timestamp=\(from)&end_timestamp=\(to)", as: w.root)
            #expect(part.object["quota"] as? Int64 == sum(matching, \.quota), "\(from)...\(to): \(part.text)")
        }
        let model = RealisticUsage.models[1]
        let byModel = try await api.get(
            "/api/log/stat?model_name=\(model)&username=&start_timestamp=\(start)&end_timestamp=\(end)", as: w.root)
        #expect(byModel.object["quota"] as? Int64 == sum(logs.filter { inRange($0) && $0.modelName == model }, \.quota))
        let heavy = w.users[0]
        let own = try await api.get("/api/log/self/stat?start_timestamp=\(start)&end_timestamp=\(end)", as: heavy)
        let ownRecent = recent.filter { $0.userID == heavy.userID }
        #expect(own.object["quota"] as? Int64 == sum(logs.filter { inRange($0) && $0.userID == heavy.userID }, \.quota))
        #expect(own.object["rpm"] as? Int == ownRecent.count)
        #expect(own.object["tpm"] as? Int64 == sum(ownRecent) { $0.promptTokens + $0.completionTokens })

        // /api/data: per model and hour, per user and hour; the statistics never see pruning.
        let range = "start_timestamp=\(w.now - 50 * 3_600)&end_timestamp=\(w.now + 3_600)"
        func hour(_ r: Oneledger_V1_UsageRecorded) -> String { String(r.createdAt - r.createdAt % 3_600) }
        let all = try await api.get("/api/data/?\(range)", as: w.root)
        #expect(
            DataRoutesTests.answered(all) { [$0["model_name"] as! String, "\($0["created_at"]!)"] }
                == DataRoutesTests.sums(records) { [$0.modelName, hour($0)] })
        let mine = try await api.get("/api/data/self?\(range)", as: heavy)
        #expect(
            DataRoutesTests.answered(mine) { [$0["model_name"] as! String, "\($0["created_at"]!)"] }
                == DataRoutesTests.sums(records.filter { $0.userID == heavy.userID }) { [$0.modelName, hour($0)] })
        let perUser = try await api.get("/api/data/users?\(range)", as: w.root)
        #expect(
            DataRoutesTests.answered(perUser) { [$0["username"] as! String, "\($0["created_at"]!)"] }
                == DataRoutesTests.sums(records) { [w.names[$0.userID]!, hour($0)] })
        let cacheRead = ((all.data as? [[String: Any]]) ?? []).reduce(Int64(0)) {
            $0 + (($1["cache_read_tokens"] as? NSNumber)?.int64Value ?? 0)
        }
        #expect(cacheRead == sum(records, \.cacheReadTokens))
    }

    /// What a restart or rebuild must answer exactly as before: lists, counters, logs, stats,
    /// statistics and the dashboard (`statistics` alone: the answers pruning must not change).
    static func answers(_ api: APIClient, _ w: World, statistics: Bool) async throws -> [String] {
        let range = "start_timestamp=\(w.now - 50 * 3_600)&end_timestamp=\(w.now + 3_600)"
        var paths = [
            "/api/data/?\(range)", "/api/data/users?\(range)", "/api/data/?\(range)&granularity=day&group=vip",
            "/api/user/?page_size=100",
        ]
        if !statistics {
            paths += [
                "/api/log/?p=1&page_size=100&type=0", "/api/log/?p=4&page_size=100&type=2&model_name=gpt-4o",
                "/api/log/stat?\(range)", "/api/log/search?keyword=stream&page_size=100",
            ]
        }
        var texts: [String] = []
        for path in paths { texts.append(try await api.get(path, as: w.root).text) }
        texts.append(try await api.get("/api/data/self?\(range)", as: w.users[0]).text)
        if !statistics { texts.append(try await api.get("/api/log/self?page_size=100", as: w.users[0]).text) }
        for token in w.tokens {
            texts.append(try await api.get("/api/token/\(token.id)", as: w.users[token.owner]).text)
            let headers: HTTPFields = [.authorization: "Bearer sk-\(token.key)"]
            texts.append(try await api.request(.get, "/dashboard/billing/usage", headers: headers).text)
        }
        for channel in w.channels { texts.append(try await api.get("/api/channel/\(channel)", as: w.root).text) }
        return texts
    }

    static func billing(_ api: APIClient, _ path: String, _ key: String) async throws -> [String: Any] {
        try await api.request(.get, path, headers: [.authorization: "Bearer sk-\(key)"]).json
    }

    static func close(_ value: Any?, _ expected: Double) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return abs(number.doubleValue - expected) <= max(1e-9, abs(expected) * 1e-12)
    }

    actor Saved {
        var world: World?
        var answers: [String] = []
        func set(_ world: World, _ answers: [String]) {
            self.world = world
            self.answers = answers
        }
        func get() -> (World, [String]) { (world!, answers) }
    }
}
