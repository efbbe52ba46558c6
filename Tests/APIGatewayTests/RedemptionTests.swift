import APIGateway
import Foundation
import GRDB
import Projections
import Testing

@Suite struct RedemptionTests {
    @Test func adminCreatesListsSearchesUpdatesAndDeletes() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let keys = try await fixtures.redemptionCodes(root, count: 3, quota: 500, name: "promo")
            #expect(keys.count == 3 && keys.allSatisfy { $0.count == 32 } && Set(keys).count == 3)
            let list = try await api.get("/api/redemption/?p=1&page_size=2", as: root)
            let items = list.object["items"] as? [[String: Any]] ?? []
            #expect(list.object["total"] as? Int == 3 && items.count == 2 && items.first?["id"] as? Int == 3)
            #expect(items.first?["key"] as? String == keys[2])
            #expect(try await api.get("/api/redemption/search?keyword=pro", as: root).object["total"] as? Int == 3)
            #expect(try await api.get("/api/redemption/search?keyword=2", as: root).object["total"] as? Int == 1)
            #expect(try await api.get("/api/redemption/search?keyword=zzz", as: root).object["total"] as? Int == 0)
            let updated = try await api.put(
                "/api/redemption/", #"{"id":1,"name":"renamed","quota":900,"expired_time":0}"#, as: root)
            #expect(updated.success && updated.object["quota"] as? Int == 900, "\(updated.text)")
            let disabled = try await api.put("/api/redemption/?status_only=1", #"{"id":2,"status":2}"#, as: root)
            #expect(disabled.object["status"] as? Int == 2)
            #expect(try await api.get("/api/redemption/search?status=2", as: root).object["total"] as? Int == 1)
            #expect(try await api.delete("/api/redemption/3", as: root).success)
            #expect(try await api.get("/api/redemption/3", as: root).message == "record not found")
            let swept = try await api.delete("/api/redemption/invalid", as: root)
            #expect(swept.success && swept.data as? Int == 1)
            #expect(try await api.get("/api/redemption/", as: root).object["total"] as? Int == 1)
            let audit = try await ReadModelsProbe.open(fixtures.dataDirectory).manageLogs().map(\.content)
            #expect(audit.contains("Created 3 redemption codes named promo (＄0.001000 额度 each)"))
            #expect(audit.contains("PUT /api/redemption/") && audit.contains("DELETE /api/redemption/invalid"))
        }
    }

    @Test(arguments: [
        (#"{"name":"","quota":1,"count":1}"#, "Redemption code name length must be between 1-20"),
        (
            #"{"name":"\#(String(repeating: "码", count: 21))","quota":1,"count":1}"#,
            "Redemption code name length must be between 1-20"
        ),
        (#"{"name":"a","quota":1,"count":0}"#, "Redemption code count must be greater than 0"),
        (#"{"name":"a","quota":1,"count":101}"#, "Maximum 100 redemption codes can be generated at once"),
        (#"{"name":"a","quota":-1,"count":1}"#, "Quota value cannot be negative"),
        (
            #"{"name":"a","quota":1000000000000001,"count":1}"#,
            "Quota value exceeds valid range, maximum is 1000000000000000"
        ),
        (
            #"{"name":"a","quota":1,"count":1,"expired_time":1000}"#,
            "Expiration time cannot be earlier than current time"
        ),
        (#"{"name":"a","quota":"x","count":1}"#, "Invalid parameters"),
    ])
    func badCreateIsRefusedAndAppendsNothing(body: String, message: String) async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let before = try await fixtures.checkpoint()
            let reply = try await api.post("/api/redemption/", body, as: root)
            #expect(!reply.success && reply.message == message, "\(reply.text)")
            #expect(try await fixtures.checkpoint() == before)
        }
    }

    @Test func commonUsersCannotManageCodes() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let reply = try await api.post("/api/redemption/", #"{"name":"a","quota":1,"count":1}"#, as: alice)
            #expect(!reply.success)
            #expect(!(try await api.get("/api/redemption/", as: alice).success))
        }
    }

    @Test func topUpCreditsOnceAndLogs() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let key = try await fixtures.redemptionCodes(root, quota: 1000)[0]
            let before = try await fixtures.quota(of: alice)
            let reply = try await api.post("/api/user/topup", #"{"key":"\#(key)"}"#, as: alice)
            #expect(reply.success && reply.data as? Int == 1000, "\(reply.text)")
            #expect(try await fixtures.quota(of: alice) == before + 1000)
            let again = try await api.post("/api/user/topup", #"{"key":"\#(key)"}"#, as: alice)
            #expect(!again.success && again.message == "redemption code already used")
            let bogus = try await api.post("/api/user/topup", #"{"key":"nope"}"#, as: alice)
            #expect(!bogus.success && bogus.message == "invalid redemption code")
            let logs = try await ReadModelsProbe.open(fixtures.dataDirectory).logs(userID: alice.userID)
            #expect(logs.contains { $0.type == 1 && $0.content == "通过兑换码充值 ＄0.002000 额度，兑换码ID 1" })
            let code = try await api.get("/api/redemption/1", as: root)
            #expect(code.object["status"] as? Int == 3 && code.object["used_user_id"] as? Int == Int(alice.userID))
        }
    }

    @Test func expiredCodeIsRefused() async throws {
        let clock = TestClock()
        try await withRunningServer(configure: { $0.clock = clock.wallClock }) { api, fixtures in
            let root = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let expiry = clock.seconds + 2
            let key = try await fixtures.redemptionCodes(root, expiredTime: expiry)[0]
            clock.advance(seconds: 3)
            let before = try await fixtures.checkpoint()
            let reply = try await api.post("/api/user/topup", #"{"key":"\#(key)"}"#, as: alice)
            #expect(!reply.success && reply.message == "redemption code expired")
            #expect(try await fixtures.checkpoint() == before)
            #expect(try await api.delete("/api/redemption/invalid", as: root).data as? Int == 1)
        }
    }
}
