import APIGateway
import EventStore
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// `POST /api/ledger/reserve`, `/settle`, `/release` and the expiry service, over real HTTP.
@Suite struct ReservationTests {
    func reserve(_ fixtures: Fixtures, _ id: String, user: Int64, token: Int64, quota: Int64, ttl: Int64? = nil)
        async throws -> APIResponse
    {
        let ttlField = ttl.map { #","ttl_seconds":\#($0)"# } ?? ""
        return try await fixtures.ingest(
            "/api/ledger/reserve",
            #"{"request_id":"\#(id)","user_id":\#(user),"token_id":\#(token),"quota":\#(quota),"model_name":"gpt-4o"\#(ttlField)}"#
        )
    }

    @Test func aHoldTakesQuotaAtOnceAndSettleChargesTheActual() async throws {
        let clock = TestClock()
        try await withRunningServer(configure: { $0.clock = clock.wallClock }) { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 1_000, tokenQuota: 800, root: root)
            let channel = try await fixtures.channel("c1", root: root)
            let hold = try await reserve(fixtures, "h1", user: alice.userID, token: token, quota: 300)
            #expect(hold.success, "\(hold.text)")
            #expect(hold.object["reserved"] as? Int == 300)
            #expect((hold.object["expires_at"] as? NSNumber)?.int64Value == clock.seconds + 600)
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 700)
            #expect(try await fixtures.tokenCounters(token, owner: alice).remain == 500)
            // A retry of the same hold answers it again and takes nothing more.
            #expect(try await reserve(fixtures, "h1", user: alice.userID, token: token, quota: 300).success)
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 700)

            let settle = try await fixtures.ingest(
                "/api/ledger/settle", usageJSON("h1", user: alice.userID, token: token, channel: channel, quota: 120))
            #expect(settle.success && settle.object["overage"] as? Int == 0, "\(settle.text)")
            let user = try await fixtures.userCounters(alice.userID, root: root)
            #expect(user.quota == 880 && user.used == 120 && user.requests == 1)
            let counters = try await fixtures.tokenCounters(token, owner: alice)
            #expect(counters.remain == 680 && counters.used == 120)
            #expect(try await fixtures.channelUsedQuota(channel, root: root) == 120)

            let again = try await fixtures.ingest(
                "/api/ledger/settle", usageJSON("h1", user: alice.userID, token: token, channel: channel, quota: 120))
            #expect(!again.success && again.message == "reservation not found or already closed")
            let release = try await fixtures.ingest("/api/ledger/release", #"{"request_id":"h1"}"#)
            #expect(!release.success && release.message == "reservation not found or already closed")
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 880)
            // The settled id is a recorded usage: reporting it again charges nothing.
            let dup = try await fixtures.ingest(
                "/api/ledger/usage", usageJSON("h1", user: alice.userID, token: token, channel: channel, quota: 120))
            #expect(dup.object["duplicates"] as? Int == 1)
        }
    }

    @Test func settleAboveTheHoldChargesTheOverage() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 1_000, tokenQuota: 1_000, root: root)
            #expect(try await reserve(fixtures, "h2", user: alice.userID, token: token, quota: 900).success)
            let settle = try await fixtures.ingest(
                "/api/ledger/settle", usageJSON("h2", user: 0, token: 0, channel: 0, quota: 1_300))
            #expect(settle.success && settle.object["overage"] as? Int == 400, "\(settle.text)")
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == -300)
            #expect(try await fixtures.tokenCounters(token, owner: alice).remain == -300)
        }
        let settled = try LedgerReader.inspect(directory).filter { ($0["type"] as? String) == "ReservationSettled" }
        let usage = try LedgerReader.inspect(directory).filter { ($0["type"] as? String) == "UsageRecorded" }
        #expect(settled.count == 1 && usage.count == 1)
        let payload = usage.first?["payload"] as? [String: Any]
        #expect(payload?["other"] as? String == #"{"cache_tokens":5,"overage":400}"#, "\(usage)")
    }

    @Test func releaseReturnsTheHoldAndRefusalsChangeNothing() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 1_000, tokenQuota: 400, root: root)
            let (bob, _) = try await fixtures.billedUser("bob", quota: 1_000, root: root)
            let short = try await reserve(fixtures, "t", user: alice.userID, token: token, quota: 401)
            #expect(!short.success && short.message == "insufficient token quota")
            let poor = try await reserve(fixtures, "u", user: alice.userID, token: 0, quota: 1_001)
            #expect(!poor.success && poor.message == "insufficient user quota")
            let foreign = try await reserve(fixtures, "f", user: bob.userID, token: token, quota: 1)
            #expect(!foreign.success && foreign.message == "token \(token) does not belong to user \(bob.userID)")
            let ttl = try await reserve(fixtures, "z", user: alice.userID, token: 0, quota: 1, ttl: 0)
            #expect(!ttl.success && ttl.message == "ttl_seconds must be from 1 to 2592000")
            #expect(try await reserve(fixtures, "r", user: alice.userID, token: token, quota: 400).success)
            let reused = try await reserve(fixtures, "r", user: alice.userID, token: token, quota: 5)
            #expect(!reused.success && reused.message == "request_id already used")
            let release = try await fixtures.ingest("/api/ledger/release", #"{"request_id":"r"}"#)
            #expect(release.success && release.object["released"] as? Int == 400, "\(release.text)")
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 1_000)
            #expect(try await fixtures.tokenCounters(token, owner: alice).remain == 400)
            let twice = try await fixtures.ingest("/api/ledger/release", #"{"request_id":"r"}"#)
            #expect(!twice.success && twice.message == "reservation not found or already closed")
            let unknown = try await fixtures.ingest("/api/ledger/settle", #"{"request_id":"nope","quota":1}"#)
            #expect(!unknown.success && unknown.message == "reservation not found or already closed")
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 1_000)
        }
    }

    /// What New API's relay refuses before it pre-charges, reserve refuses too, naming the cause,
    /// and appends nothing: a disabled, expired, exhausted or deleted token; a banned or deleted user.
    @Test func reserveRefusesTokensAndUsersTheRelayWouldRefuse() async throws {
        let clock = TestClock()
        try await withRunningServer(configure: { $0.clock = clock.wallClock }) { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 1_000, tokenQuota: 500, root: root)
            func newToken(_ fields: String) async throws -> Int64 {
                let reply = try await api.post("/api/token/", #"{"name":"t",\#(fields)}"#, as: alice)
                return try #require((reply.object["id"] as? NSNumber)?.int64Value, "\(reply.text)")
            }
            func status(_ id: Int64, _ status: Int) async throws {
                let reply = try await api.put(
                    "/api/token/?status_only=1", #"{"id":\#(id),"status":\#(status)}"#, as: alice)
                #expect(reply.success, "\(reply.text)")
            }
            var n = 0
            func refusal(user: Int64? = nil, token: Int64, quota: Int64 = 10) async throws -> String {
                n += 1
                let before = try await fixtures.checkpoint()
                let reply = try await reserve(fixtures, "x\(n)", user: user ?? alice.userID, token: token, quota: quota)
                #expect(!reply.success, "\(reply.text)")
                #expect(try await fixtures.checkpoint() == before, "a refused reserve appended")
                return reply.message
            }
            try await status(token, 2)
            #expect(try await refusal(token: token) == "This token status is unavailable")
            try await status(token, 4)
            #expect(try await refusal(token: token) == "This token's quota has been used up")
            try await status(token, 1)
            let expiring = try await newToken(#""remain_quota":500,"expired_time":\#(clock.seconds + 100)"#)
            #expect(try await reserve(fixtures, "ok1", user: alice.userID, token: expiring, quota: 1).success)
            clock.advance(seconds: 101)
            #expect(try await refusal(token: expiring) == "This token has expired")
            let empty = try await newToken(#""remain_quota":0"#)
            #expect(try await refusal(token: empty, quota: 0) == "This token's quota has been used up")
            let deleted = try await newToken(#""remain_quota":500"#)
            #expect(try await api.delete("/api/token/\(deleted)", as: alice).success)
            #expect(try await refusal(token: deleted) == "token \(deleted) has been deleted")

            let disable = #"{"id":\#(alice.userID),"action":"disable"}"#
            #expect(try await api.post("/api/user/manage", disable, as: root).success)
            #expect(try await refusal(token: token) == "User has been banned")
            #expect(try await refusal(token: 0) == "User has been banned")
            let enable = #"{"id":\#(alice.userID),"action":"enable"}"#
            #expect(try await api.post("/api/user/manage", enable, as: root).success)
            #expect(try await reserve(fixtures, "ok2", user: alice.userID, token: token, quota: 1).success)
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 998)
            let delete = #"{"id":\#(alice.userID),"action":"delete"}"#
            #expect(try await api.post("/api/user/manage", delete, as: root).success)
            #expect(try await refusal(token: 0) == "user \(alice.userID) has been deleted")
            #expect(try await refusal(user: 9_999, token: 0) == "unknown user 9999")
        }
    }

    /// 40 clients on their own connections reserve 100 each against a balance of 1,000: exactly
    /// ten holds succeed and the balance never goes below zero.
    @Test func fortyConcurrentReservesNeverOverdraw() async throws {
        try await withRunningServer(transport: .live) { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 1_000, tokenQuota: nil, root: root)
            let successes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for client in 0..<40 {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: api.port) { connection in
                            let own = Fixtures(api: APIClient(client: connection, port: api.port), dataDirectory: "")
                            let reply = try await reserve(
                                own, "c\(client)", user: alice.userID, token: token, quota: 100)
                            if !reply.success { #expect(reply.message == "insufficient user quota") }
                            let quota = try await own.userCounters(alice.userID, root: root).quota
                            #expect(quota >= 0)
                            return reply.success
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(successes == 10)
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 0)
        }
    }

    @Test func anExpiredHoldIsReturnedByTheWriter() async throws {
        let clock = TestClock()
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        try await withRunningServer(dataDirectory: directory, configure: { $0.clock = clock.wallClock }) {
            api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 1_000, tokenQuota: 500, root: root)
            #expect(try await reserve(fixtures, "e1", user: alice.userID, token: token, quota: 200, ttl: 30).success)
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 800)
            clock.advance(seconds: 31)
            try await eventually { try await fixtures.userCounters(alice.userID, root: root).quota == 1_000 }
            #expect(try await fixtures.tokenCounters(token, owner: alice).remain == 500)
            let late = try await fixtures.ingest("/api/ledger/settle", #"{"request_id":"e1","quota":10}"#)
            #expect(!late.success && late.message == "reservation not found or already closed")
        }
        #expect(try LedgerReader.records(directory).filter { $0.type == "ReservationExpired" }.count == 1)
    }

    @Test func holdsThatExpiredWhileDownAreReturnedOnStart() async throws {
        let clock = TestClock()
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let ids = IDs()
        try await withRunningServer(dataDirectory: directory, configure: { $0.clock = clock.wallClock }) {
            api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 1_000, tokenQuota: 500, root: root)
            await ids.set(root, alice, token)
            #expect(try await reserve(fixtures, "d1", user: alice.userID, token: token, quota: 300, ttl: 60).success)
            #expect(try await reserve(fixtures, "d2", user: alice.userID, token: 0, quota: 100, ttl: 3_600).success)
        }
        clock.advance(seconds: 120)
        let (root, alice, token) = await ids.get()
        try await withRunningServer(dataDirectory: directory, configure: { $0.clock = clock.wallClock }) {
            api, fixtures in
            try await eventually { try await fixtures.userCounters(alice.userID, root: root).quota == 900 }
            #expect(try await fixtures.tokenCounters(token, owner: alice).remain == 500)
            let release = try await fixtures.ingest("/api/ledger/release", #"{"request_id":"d2"}"#)
            #expect(release.success)
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 1_000)
        }
    }
}

/// Polls `condition` (the server works in the background) for up to ten seconds.
func eventually(_ condition: () async throws -> Bool) async throws {
    for _ in 0..<500 {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TestFailure("condition not met within 10 s")
}
