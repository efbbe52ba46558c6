import Foundation
import HTTPTypes
import Ledger
import Testing

/// The routes authenticated by API key: `/api/log/token` and the billing dashboard.
@Suite struct KeyRoutesTests {
    func get(_ api: APIClient, _ path: String, key: String?) async throws -> APIResponse {
        var headers: HTTPFields = [.origin: "https://tool.example"]
        if let key { headers[.authorization] = "Bearer sk-\(key)" }
        return try await api.request(.get, path, headers: headers)
    }

    @Test func tokenLogShowsTheKeysOwnRows() async throws {
        try await withRunningServerAndUsage { api, fixtures, seeder in
            let w = try await LogRoutesTests.world(api, fixtures, seeder, count: 30)
            let key = try await fixtures.token(w.alice, name: "tool")
            var usages = UsageWorkload.make(
                count: 4, users: [(w.alice.userID, key.id)], channels: [1], end: w.end, hours: 1, seed: 9)
            usages[0].other = #"{"admin_info":{"x":1},"frt":3}"#
            try await seeder.record(usages)
            let reply = try await get(api, "/api/log/token", key: key.key)
            let rows = reply.data as? [[String: Any]] ?? []
            #expect(reply.success && rows.count == 4 && rows.map { $0["id"] as? Int } == [1, 2, 3, 4])
            #expect(
                rows.allSatisfy {
                    $0["token_name"] as? String == "tool" && !(($0["other"] as? String) ?? "").contains("admin_info")
                })
            #expect(reply.headers[.accessControlAllowOrigin] == "https://tool.example")
            #expect(
                try await get(api, "/api/log/token?p=2&page_size=3", key: key.key).data.map { ($0 as? [Any])?.count }
                    == 1)
            let missing = try await get(api, "/api/log/token", key: nil)
            #expect(missing.status == .unauthorized && missing.message == "Token not provided")
            #expect(try await get(api, "/api/log/token", key: "nope").message == "Invalid token")
            _ = try await api.put("/api/token/?status_only=1", #"{"id":\#(key.id),"status":2}"#, as: w.alice)
            #expect(try await get(api, "/api/log/token", key: key.key).message == "This token status is unavailable")
        }
    }

    @Test func billingFollowsTheTokenOrTheAccount() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let limited = try await fixtures.token(alice, name: "limited")
            let subscription = try await get(api, "/v1/dashboard/billing/subscription", key: limited.key)
            #expect(subscription.json["object"] as? String == "billing_subscription")
            #expect(
                subscription.json["hard_limit_usd"] as? Double == 1000.0 / 500_000
                    && subscription.json["access_until"] as? Int == 0)
            #expect(
                try await get(api, "/dashboard/billing/usage", key: limited.key).json["total_usage"] as? Double == 0)
            let created = try await api.post("/api/token/", #"{"name":"free","unlimited_quota":true}"#, as: alice)
            let free = try #require(created.object["key"] as? String)
            #expect(
                try await get(api, "/dashboard/billing/subscription", key: free).json["soft_limit_usd"] as? Double
                    == 100_000_000)
            let bad = try await get(api, "/v1/dashboard/billing/usage", key: "nope")
            let error = try #require(bad.json["error"] as? [String: Any])
            #expect(
                bad.status == .unauthorized
                    && (error["message"] as? String)?.hasPrefix("Invalid token (request id: ") == true)
            #expect(error["type"] as? String == "new_api_error")
        }
    }
}
