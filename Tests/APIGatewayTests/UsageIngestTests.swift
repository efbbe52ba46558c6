import APIGateway
import Foundation
import HTTPTypes
import Testing

/// `POST /api/ledger/usage` over real HTTP: auth, counters, atomic batches, refusals by index,
/// idempotency across batches and restarts.
@Suite struct UsageIngestTests {
    @Test func aBatchChargesUserTokenAndChannelAndCountsDuplicates() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 10_000, tokenQuota: 5_000, root: root)
            let channel = try await fixtures.channel("c1", root: root)
            let batch = [
                usageJSON(
                    "r1", user: alice.userID, token: token, channel: channel, quota: 100, createdAt: 1_800_000_000),
                usageJSON("r2", user: alice.userID, token: token, channel: channel, quota: 250),
                usageJSON("r1", user: alice.userID, token: token, channel: channel, quota: 100),
            ]
            let reply = try await fixtures.ingest("/api/ledger/usage", "[\(batch.joined(separator: ","))]")
            #expect(reply.success, "\(reply.text)")
            #expect(reply.object["recorded"] as? Int == 2 && reply.object["duplicates"] as? Int == 1)
            let head = try #require(reply.object["head"] as? Int)
            #expect(UInt64(head) == (try await fixtures.checkpoint()))
            let user = try await fixtures.userCounters(alice.userID, root: root)
            #expect(user.quota == 10_000 - 350 && user.used == 350 && user.requests == 2)
            let counters = try await fixtures.tokenCounters(token, owner: alice)
            #expect(counters.remain == 5_000 - 350 && counters.used == 350 && counters.accessed >= 1_800_000_000)
            #expect(try await fixtures.channelUsedQuota(channel, root: root) == 350)
            // A single record object works too; a repeat of a recorded id charges nothing.
            let single = try await fixtures.ingest(
                "/api/ledger/usage", usageJSON("r2", user: alice.userID, token: token, channel: channel, quota: 250))
            #expect(single.object["recorded"] as? Int == 0 && single.object["duplicates"] as? Int == 1)
            #expect(single.object["head"] as? Int == head)
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 10_000 - 350)
        }
    }

    @Test func anUnlimitedTokenKeepsItsRemainQuota() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let (bob, token) = try await fixtures.billedUser("bob", quota: 1_000, tokenQuota: nil, root: root)
            let before = try await fixtures.tokenCounters(token, owner: bob)
            let reply = try await fixtures.ingest(
                "/api/ledger/usage", usageJSON("u1", user: bob.userID, token: token, channel: 0, quota: 40))
            #expect(reply.success, "\(reply.text)")
            let after = try await fixtures.tokenCounters(token, owner: bob)
            #expect(after.remain == before.remain && after.used == 40)
            // Usage happened, so it is charged even beyond the balance.
            _ = try await fixtures.ingest(
                "/api/ledger/usage", usageJSON("u2", user: bob.userID, token: 0, channel: 0, quota: 5_000))
            #expect(try await fixtures.userCounters(bob.userID, root: root).quota == 1_000 - 5_040)
        }
    }

    @Test func aBadRecordRefusesTheWholeBatchNamingItsIndex() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 10_000, root: root)
            let (bob, bobToken) = try await fixtures.billedUser("bob", quota: 10_000, root: root)
            let channel = try await fixtures.channel("c1", root: root)
            let good = usageJSON("g1", user: alice.userID, token: token, channel: channel, quota: 1)
            let cases: [(String, String)] = [
                (usageJSON("b", user: 999, token: 0, channel: channel, quota: 1), "record 1: unknown user 999"),
                (
                    usageJSON("b", user: alice.userID, token: 999, channel: channel, quota: 1),
                    "record 1: unknown token 999"
                ),
                (usageJSON("b", user: alice.userID, token: 0, channel: 999, quota: 1), "record 1: unknown channel 999"),
                (
                    usageJSON("b", user: bob.userID, token: token, channel: channel, quota: 1),
                    "record 1: token \(token) does not belong to user \(bob.userID)"
                ),
                (
                    usageJSON("b", user: alice.userID, token: token, channel: channel, quota: 1_000_000_000_000_001),
                    "record 1: quota must be an integer from 0 to 1000000000000000"
                ),
                (
                    usageJSON(String(repeating: "x", count: 65), user: alice.userID, token: 0, channel: 0, quota: 1),
                    "record 1: request_id must be 1 to 64 characters"
                ),
                (
                    usageJSON(#"a\u0000b"#, user: alice.userID, token: 0, channel: 0, quota: 1),
                    "record 1: request_id contains U+0000, which is refused"
                ),
                (
                    usageJSON("b", user: alice.userID, token: 0, channel: 0, quota: 1, model: #"gpt\u0000"#),
                    "record 1: model_name contains U+0000, which is refused"
                ),
                (
                    usageJSON("b", user: alice.userID, token: 0, channel: 0, quota: 1, other: "not json"),
                    "record 1: other must be a JSON object"
                ),
                (#"{"request_id":"b","user_id":"2","quota":1}"#, "record 1: user_id must be an integer"),
                (#"{"request_id":"b","user_id":2,"quota":1.5}"#, "record 1: quota must be an integer"),
                (#"{"request_id":"b","user_id":2,"is_stream":"yes"}"#, "record 1: is_stream must be a boolean"),
                (
                    #"{"request_id":"b","user_id":2,"created_at":-5}"#,
                    "record 1: created_at must be Unix seconds from 1 to 253402300799"
                ),
                (#""text""#, "record 1: must be a JSON object"),
            ]
            let head = try await fixtures.checkpoint()
            for (bad, message) in cases {
                let reply = try await fixtures.ingest("/api/ledger/usage", "[\(good),\(bad)]")
                #expect(!reply.success && reply.message == message, "\(reply.text)")
            }
            #expect(try await fixtures.checkpoint() == head)
            #expect(try await fixtures.userCounters(alice.userID, root: root).quota == 10_000)
            _ = bobToken
            let many =
                "["
                + (0...1_000).map { usageJSON("m\($0)", user: alice.userID, token: 0, channel: 0, quota: 1) }
                .joined(separator: ",") + "]"
            #expect(try await fixtures.ingest("/api/ledger/usage", many).message == "a batch holds 1 to 1000 records")
            #expect(try await fixtures.ingest("/api/ledger/usage", "[]").message == "a batch holds 1 to 1000 records")
            #expect(!(try await fixtures.ingest("/api/ledger/usage", "{nope").success))
            #expect(try await fixtures.checkpoint() == head)
        }
    }

    @Test func ingestAuthTakesTheKeyOrRoot() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("adam", root: root)
            let (alice, _) = try await fixtures.billedUser("alice", quota: 100, root: root)
            let body = usageJSON("a1", user: alice.userID, token: 0, channel: 0, quota: 1)
            for key in [nil, "wrong", ""] as [String?] {
                let reply = try await fixtures.ingest("/api/ledger/usage", body, key: key)
                #expect(
                    reply.status == .unauthorized && reply.text == #"{"message":"invalid ingest key","success":false}"#)
            }
            // A session without New-Api-User is not the ingest key either.
            let cookieOnly = try await api.request(
                .post, "/api/ledger/usage", json: body, headers: [.cookie: "session=\(root.cookie!)"])
            #expect(cookieOnly.status == .unauthorized && cookieOnly.message == "invalid ingest key")
            let asAdmin = try await api.post("/api/ledger/usage", body, as: admin)
            #expect(!asAdmin.success && asAdmin.message == "Unauthorized, insufficient privileges")
            let asRoot = try await api.post("/api/ledger/usage", body, as: root)
            #expect(asRoot.success && asRoot.object["recorded"] as? Int == 1)
        }
        try await withRunningServer(configure: { $0.ingestKey = nil }) { _, fixtures in
            let reply = try await fixtures.ingest("/api/ledger/usage", "{}")
            #expect(reply.status == .unauthorized && reply.message == "invalid ingest key")
        }
    }

    @Test func aBodyOverEightMebibytesIs413() async throws {
        try await withRunningServer { api, fixtures in
            let padding = String(repeating: "x", count: 8 * 1024 * 1024)
            let reply = try await fixtures.ingest("/api/ledger/usage", #"{"content":"\#(padding)"}"#)
            #expect(reply.status == .contentTooLarge)
        }
    }

    @Test func duplicatesChargeOnceAcrossBatchesAndRestarts() async throws {
        let directory = temporaryDataDirectory()
        let ids = IDs()
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 10_000, root: root)
            await ids.set(root, alice, token)
            let batch = (0..<5).map { usageJSON("d\($0)", user: alice.userID, token: token, channel: 0, quota: 10) }
            #expect(
                try await fixtures.ingest("/api/ledger/usage", "[\(batch.joined(separator: ","))]").object["recorded"]
                    as? Int == 5)
            let again = try await fixtures.ingest("/api/ledger/usage", "[\(batch[1...].joined(separator: ","))]")
            #expect(again.object["recorded"] as? Int == 0 && again.object["duplicates"] as? Int == 4)
        }
        let (root, alice, token) = await ids.get()
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let batch = (3..<8).map { usageJSON("d\($0)", user: alice.userID, token: token, channel: 0, quota: 10) }
            let reply = try await fixtures.ingest("/api/ledger/usage", "[\(batch.joined(separator: ","))]")
            #expect(reply.object["recorded"] as? Int == 3 && reply.object["duplicates"] as? Int == 2)
            let user = try await fixtures.userCounters(alice.userID, root: root)
            #expect(user.quota == 10_000 - 80 && user.requests == 8)
        }
    }
}

/// Identities handed from one server run to the next.
actor IDs {
    var root: Identity?
    var user: Identity?
    var token: Int64 = 0

    func set(_ root: Identity, _ user: Identity, _ token: Int64) {
        self.root = root
        self.user = user
        self.token = token
    }

    func get() -> (Identity, Identity, Int64) { (root!, user!, token) }
}
