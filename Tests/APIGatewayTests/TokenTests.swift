import Foundation
import Testing

@Suite struct TokenTests {
    @Test func ownerCreatesListsReadsAndSeesTheFullKey() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let created = try await api.post(
                "/api/token/",
                #"{"name":"ci","remain_quota":500,"expired_time":0,"model_limits_enabled":true,"model_limits":"gpt-4","allow_ips":"127.0.0.1","group":"default"}"#,
                as: alice)
            #expect(created.success, "\(created.text)")
            let key = try #require(created.object["key"] as? String)
            #expect(key.count == 48 && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
            #expect(created.object["expired_time"] as? Int == -1)
            #expect(created.object["status"] as? Int == 1)
            #expect(created.object["remain_quota"] as? Int == 500)
            #expect(created.object["model_limits"] as? String == "gpt-4")
            let id = try #require((created.object["id"] as? NSNumber)?.int64Value)

            let list = try await api.get("/api/token/?p=1&page_size=10", as: alice)
            let items = list.object["items"] as? [[String: Any]] ?? []
            #expect(list.object["total"] as? Int == 1 && items.first?["key"] as? String == key)
            let one = try await api.get("/api/token/\(id)", as: alice)
            #expect(one.success && one.object["name"] as? String == "ci" && one.object["key"] as? String == key)
            let revealed = try await api.post("/api/token/\(id)/key", "{}", as: alice)
            #expect(revealed.object["key"] as? String == key)
        }
    }

    @Test func updateAndStatusOnlyUpdate() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let (id, _) = try await fixtures.token(alice)
            let full = try await api.put(
                "/api/token/", #"{"id":\#(id),"name":"renamed","remain_quota":7,"unlimited_quota":true,"status":2}"#,
                as: alice)
            #expect(full.success && full.object["name"] as? String == "renamed")
            #expect(full.object["status"] as? Int == 1, "full mode never changes the status")
            #expect(full.object["unlimited_quota"] as? Bool == true && full.object["remain_quota"] as? Int == 7)
            let disabled = try await api.put("/api/token/?status_only=1", #"{"id":\#(id),"status":2}"#, as: alice)
            #expect(disabled.success && disabled.object["status"] as? Int == 2)
            #expect(disabled.object["name"] as? String == "renamed")
            let badStatus = try await api.put("/api/token/?status_only=1", #"{"id":\#(id),"status":9}"#, as: alice)
            #expect(!badStatus.success)
        }
    }

    @Test func deleteAndBatchDelete() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let a = try await fixtures.token(alice, name: "a")
            let b = try await fixtures.token(alice, name: "b")
            let c = try await fixtures.token(alice, name: "c")
            #expect(try await api.delete("/api/token/\(a.id)", as: alice).success)
            let again = try await api.delete("/api/token/\(a.id)", as: alice)
            #expect(!again.success && again.message == "record not found")
            let batch = try await api.post("/api/token/batch", #"{"ids":[\#(b.id),\#(c.id),999]}"#, as: alice)
            #expect(batch.success && batch.data as? Int == 2)
            #expect(try await api.get("/api/token/", as: alice).object["total"] as? Int == 0)
            #expect(try await api.post("/api/token/batch", #"{"ids":[]}"#, as: alice).message == "Invalid parameters")
        }
    }

    @Test func searchByNameAndByWholeKey() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let prod = try await fixtures.token(alice, name: "production")
            _ = try await fixtures.token(alice, name: "staging")
            func names(_ path: String) async throws -> [String] {
                let reply = try await api.get(path, as: alice)
                return (reply.object["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            }
            #expect(try await names("/api/token/search?keyword=production") == ["production"])
            #expect(try await names("/api/token/search?keyword=prod").isEmpty)
            #expect(try await names("/api/token/search?keyword=%25tag%25") == ["staging"])
            #expect(try await names("/api/token/search?token=sk-\(prod.key)") == ["production"])
            #expect(try await names("/api/token/search?token=\(prod.key)") == ["production"])
            #expect(try await names("/api/token/search?token=\(prod.key.prefix(10))").isEmpty)
            #expect(!(try await api.get("/api/token/search?keyword=a%25%25b", as: alice).success))
        }
    }

    @Test(arguments: [
        (#"{"name":"\#(String(repeating: "x", count: 51))"}"#, "Token name is too long"),
        (#"{"name":"n","remain_quota":-1}"#, "Quota value cannot be negative"),
        (
            #"{"name":"n","remain_quota":1000000000000001}"#,
            "Quota value exceeds valid range, maximum is 1000000000000000"
        ),
        (#"{"name":"n","remain_quota":99999999999999999999}"#, "Invalid parameters"),
        (#"{"name":5}"#, "Invalid parameters"),
        (#"{"name":"n","expired_time":-5}"#, "Invalid input expired_time must be -1 or a Unix time"),
        (#"not json"#, "Invalid parameters"),
    ])
    func badInputIsRefusedAndAppendsNothing(body: String, message: String) async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let before = try await fixtures.checkpoint()
            let reply = try await api.post("/api/token/", body, as: alice)
            #expect(!reply.success && reply.message == message, "\(reply.text)")
            #expect(try await fixtures.checkpoint() == before)
        }
    }

    @Test func perUserTokenLimit() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            #expect(
                try await api.put("/api/option/", #"{"key":"token_setting.max_user_tokens","value":"2"}"#, as: root)
                    .success)
            let alice = try await fixtures.signedInUser("alice")
            _ = try await fixtures.token(alice)
            _ = try await fixtures.token(alice)
            let third = try await api.post("/api/token/", #"{"name":"x"}"#, as: alice)
            #expect(!third.success && third.message == "已达到最大令牌数量限制 (2)")
        }
    }

    @Test func ownershipMatrix() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let bob = try await fixtures.signedInUser("bob")
            let (id, key) = try await fixtures.token(alice)
            let missing = try await api.get("/api/token/99999", as: bob)
            let foreign = try await api.get("/api/token/\(id)", as: bob)
            #expect(!foreign.success && foreign.text == missing.text)
            #expect(try await api.get("/api/token/", as: bob).object["total"] as? Int == 0)
            #expect(try await api.get("/api/token/search?token=\(key)", as: bob).object["total"] as? Int == 0)
            let update = try await api.put("/api/token/", #"{"id":\#(id),"name":"stolen"}"#, as: bob)
            #expect(!update.success && update.message == "record not found")
            let status = try await api.put("/api/token/?status_only=1", #"{"id":\#(id),"status":2}"#, as: bob)
            #expect(!status.success)
            #expect(!(try await api.delete("/api/token/\(id)", as: bob).success))
            #expect(try await api.post("/api/token/batch", #"{"ids":[\#(id)]}"#, as: bob).data as? Int == 0)
            let reveal = try await api.post("/api/token/\(id)/key", "{}", as: bob)
            #expect(!reveal.success && !reveal.text.contains(key))
            let mine = try await api.get("/api/token/\(id)", as: alice)
            #expect(mine.object["name"] as? String == "ci" && mine.object["status"] as? Int == 1)
        }
    }
}
