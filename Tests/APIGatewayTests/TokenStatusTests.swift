import Foundation
import Testing

/// Token statuses 3 (expired) and 4 (exhausted) as reads show them and as enabling meets them (docs/api.md).
@Suite struct TokenStatusTests {
    @Test func aTokenPastItsExpiryReadsAsExpiredAndCannotBeEnabled() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let past = Int(Date().timeIntervalSince1970) - 60
            let created = try await api.post("/api/token/", #"{"name":"old","expired_time":\#(past)}"#, as: alice)
            let id = try #require((created.object["id"] as? NSNumber)?.int64Value)
            #expect(created.object["status"] as? Int == 3, "\(created.text)")
            #expect(try await api.get("/api/token/\(id)", as: alice).object["status"] as? Int == 3)
            let listed = try await api.get("/api/token/", as: alice).object["items"] as? [[String: Any]]
            #expect(listed?.first?["status"] as? Int == 3)
            let found =
                try await api.get("/api/token/search?keyword=old", as: alice).object["items"] as? [[String: Any]]
            #expect(found?.first?["status"] as? Int == 3)
            let before = try await fixtures.checkpoint()
            let enable = try await api.put("/api/token/?status_only=1", #"{"id":\#(id),"status":1}"#, as: alice)
            #expect(!enable.success)
            #expect(
                enable.message
                    == "Token has expired and cannot be enabled. Please modify the expiration time or set it to never expire"
            )
            #expect(try await fixtures.checkpoint() == before)
            let extended = try await api.put("/api/token/", #"{"id":\#(id),"name":"old","expired_time":-1}"#, as: alice)
            #expect(extended.success && extended.object["status"] as? Int == 1, "\(extended.text)")
        }
    }

    @Test func anExhaustedTokenCannotBeEnabled() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let created = try await api.post("/api/token/", #"{"name":"spent","remain_quota":0}"#, as: alice)
            let id = try #require((created.object["id"] as? NSNumber)?.int64Value)
            #expect(created.object["status"] as? Int == 1, "a limited token never charged is not exhausted")
            let marked = try await api.put("/api/token/?status_only=1", #"{"id":\#(id),"status":4}"#, as: alice)
            #expect(marked.success && marked.object["status"] as? Int == 4)
            let before = try await fixtures.checkpoint()
            let enable = try await api.put("/api/token/?status_only=1", #"{"id":\#(id),"status":1}"#, as: alice)
            #expect(
                !enable.success
                    && enable.message
                        == "Token quota is exhausted and cannot be enabled. Please modify the remaining quota or set it to unlimited"
            )
            #expect(try await fixtures.checkpoint() == before)
        }
    }
}
