import Foundation
import Ledger
import Projections
import Testing

/// A generated workload through the ingest routes: every counter equals the sums computed here
/// from the records sent, and stays identical after a restart and after a rebuild.
@Suite struct UsageSumsTests {
    struct Expected: Sendable {
        var userQuota: [Int64: Int64] = [:]
        var userUsed: [Int64: Int64] = [:]
        var userRequests: [Int64: Int64] = [:]
        var tokenRemain: [Int64: Int64] = [:]
        var tokenUsed: [Int64: Int64] = [:]
        var channelUsed: [Int64: Int64] = [:]
    }

    struct Billed: Sendable {
        var user: Identity
        var token: Int64
        var unlimited: Bool
    }

    actor Box {
        var expected = Expected()
        var billed: [Billed] = []
        var channels: [Int64] = []
        var root: Identity?
        var answers = ""
        func set(_ expected: Expected, _ billed: [Billed], _ channels: [Int64], _ root: Identity, _ answers: String) {
            self.expected = expected
            self.billed = billed
            self.channels = channels
            self.root = root
            self.answers = answers
        }
    }

    func answers(_ fixtures: Fixtures, _ billed: [Billed], _ channels: [Int64], _ root: Identity) async throws -> String
    {
        var text = try await fixtures.api.get("/api/user/?page_size=100", as: root).text
        for b in billed { text += try await fixtures.api.get("/api/token/\(b.token)", as: b.user).text }
        for c in channels { text += try await fixtures.api.get("/api/channel/\(c)", as: root).text }
        return text
    }

    func check(_ fixtures: Fixtures, _ expected: Expected, _ billed: [Billed], _ channels: [Int64], _ root: Identity)
        async throws
    {
        for b in billed {
            let user = try await fixtures.userCounters(b.user.userID, root: root)
            #expect(user.quota == expected.userQuota[b.user.userID], "user \(b.user.userID)")
            #expect(user.used == expected.userUsed[b.user.userID, default: 0])
            #expect(user.requests == expected.userRequests[b.user.userID, default: 0])
            let token = try await fixtures.tokenCounters(b.token, owner: b.user)
            #expect(token.remain == expected.tokenRemain[b.token], "token \(b.token)")
            #expect(token.used == expected.tokenUsed[b.token, default: 0])
        }
        for c in channels {
            #expect(try await fixtures.channelUsedQuota(c, root: root) == expected.channelUsed[c, default: 0])
        }
    }

    @Test func countersEqualTheSumsAndSurviveRestartAndRebuild() async throws {
        let directory = temporaryDataDirectory()
        let box = Box()
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            var expected = Expected()
            var billed: [Billed] = []
            for i in 0..<6 {
                let unlimited = i % 3 == 0
                let (user, token) = try await fixtures.billedUser(
                    "load\(i)", quota: 1_000_000, tokenQuota: unlimited ? nil : 500_000, root: root)
                billed.append(Billed(user: user, token: token, unlimited: unlimited))
                expected.userQuota[user.userID] = 1_000_000
                expected.tokenRemain[token] =
                    unlimited ? try await fixtures.tokenCounters(token, owner: user).remain : 500_000
            }
            var channels: [Int64] = []
            for name in ["ca", "cb", "cc"] { channels.append(try await fixtures.channel(name, root: root)) }
            var random = SplitMix64(seed: 7)
            var seen = Set<String>()
            func charge(_ b: Billed, channel: Int64, quota: Int64) {
                expected.userQuota[b.user.userID, default: 0] -= quota
                expected.userUsed[b.user.userID, default: 0] += quota
                expected.userRequests[b.user.userID, default: 0] += 1
                if !b.unlimited { expected.tokenRemain[b.token, default: 0] -= quota }
                expected.tokenUsed[b.token, default: 0] += quota
                expected.channelUsed[channel, default: 0] += quota
            }
            for batch in 0..<8 {
                var records: [String] = []
                for _ in 0..<75 {
                    // A few heavy users, ids repeated now and then.
                    let b = billed[min(random.next(below: 8), billed.count - 1)]
                    let channel = channels[random.next(below: channels.count)]
                    let id = "w\(random.next(below: 500))"
                    let quota = Int64(random.next(below: 2_000))
                    records.append(usageJSON(id, user: b.user.userID, token: b.token, channel: channel, quota: quota))
                    if seen.insert(id).inserted { charge(b, channel: channel, quota: quota) }
                }
                let reply = try await fixtures.ingest("/api/ledger/usage", "[\(records.joined(separator: ","))]")
                #expect(reply.success, "batch \(batch): \(reply.text)")
                // A hold per batch: even batches settle it, odd ones release it.
                let b = billed[batch % billed.count]
                let id = "hold\(batch)"
                let hold = try await fixtures.ingest(
                    "/api/ledger/reserve",
                    #"{"request_id":"\#(id)","user_id":\#(b.user.userID),"token_id":\#(b.token),"quota":3000}"#)
                #expect(hold.success, "\(hold.text)")
                if batch % 2 == 0 {
                    let settle = try await fixtures.ingest(
                        "/api/ledger/settle", usageJSON(id, user: 0, token: 0, channel: channels[0], quota: 2_500))
                    #expect(settle.success, "\(settle.text)")
                    charge(b, channel: channels[0], quota: 2_500)
                } else {
                    #expect(try await fixtures.ingest("/api/ledger/release", #"{"request_id":"\#(id)"}"#).success)
                }
            }
            try await check(fixtures, expected, billed, channels, root)
            await box.set(expected, billed, channels, root, try await answers(fixtures, billed, channels, root))
        }
        let (expected, billed, channels, root, before) = await (
            box.expected, box.billed, box.channels, box.root!, box.answers
        )
        try await withRunningServer(dataDirectory: directory) { _, fixtures in
            try await check(fixtures, expected, billed, channels, root)
            #expect(try await answers(fixtures, billed, channels, root) == before)
        }
        let rows = try await ReadModels.open(path: directory + "/readmodels.sqlite").dump()
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: directory + "/readmodels.sqlite" + suffix)
        }
        try await withRunningServer(dataDirectory: directory) { _, fixtures in
            try await check(fixtures, expected, billed, channels, root)
            #expect(try await answers(fixtures, billed, channels, root) == before)
        }
        #expect(try await ReadModels.open(path: directory + "/readmodels.sqlite").dump() == rows)
        #expect(rows.contains { $0.hasPrefix("usage_requests ") } && rows.contains { $0.hasPrefix("reservations ") })
    }
}
