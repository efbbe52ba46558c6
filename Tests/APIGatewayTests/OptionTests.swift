import Foundation
import HTTPTypes
import Projections
import Testing

@Suite struct OptionTests {
    @Test func rootReadsOptionsWithoutSecrets() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            #expect(try await api.put("/api/option/", #"{"key":"SMTPToken","value":"s3cret"}"#, as: root).success)
            let reply = try await api.get("/api/option/", as: root)
            let items = try #require(reply.data as? [[String: Any]])
            let keys = Set(items.compactMap { $0["key"] as? String })
            #expect(keys.contains("QuotaPerUnit") && keys.contains("CompletionRatioMeta"))
            #expect(
                !keys.contains("SMTPToken") && !keys.contains("TurnstileSiteKey")
                    && !keys.contains("GitHubClientSecret"))
            #expect(items.allSatisfy { $0["value"] is String })
        }
    }

    @Test func valuesOfEveryJSONTypeBecomeStrings() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            for (value, expected) in [("true", "true"), ("42", "42"), ("1.5", "1.5"), (#""text""#, "text")] {
                #expect(try await api.put("/api/option/", #"{"key":"SystemName","value":\#(value)}"#, as: root).success)
                let items = try #require(try await api.get("/api/option/", as: root).data as? [[String: Any]])
                #expect(items.first { $0["key"] as? String == "SystemName" }?["value"] as? String == expected)
            }
            #expect(try await api.get("/api/status").object["system_name"] as? String == "text")
        }
    }

    @Test func badBodiesAndGuards() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let bad = try await api.put("/api/option/", "{nope", as: root)
            #expect(bad.status == .badRequest && bad.message == "无效的参数")
            let github = try await api.put("/api/option/", #"{"key":"GitHubOAuthEnabled","value":true}"#, as: root)
            #expect(!github.success && github.message.contains("GitHub"))
            let theme = try await api.put("/api/option/", #"{"key":"theme.frontend","value":"neon"}"#, as: root)
            #expect(!theme.success)
            let ratio = try await api.put("/api/option/", #"{"key":"GroupRatio","value":"{broken"}"#, as: root)
            #expect(!ratio.success)
        }
    }

    @Test func optionUpdatesAreAuditedWithoutTheirValue() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            #expect(try await api.put("/api/option/", #"{"key":"Notice","value":"hi"}"#, as: root).success)
            let models = try ReadModelsProbe.open(fixtures.dataDirectory)
            let logs = try await models.manageLogs()
            #expect(logs.contains { $0.content == "Updated system setting Notice" && $0.userId == 1 })
            #expect(!logs.contains { $0.other.contains("hi\"") })
        }
    }

    @Test func registrationSwitchIsObeyed() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            #expect(try await api.put("/api/option/", #"{"key":"RegisterEnabled","value":"false"}"#, as: root).success)
            let reply = try await api.post("/api/user/register", #"{"username":"x","password":"password123"}"#)
            #expect(reply.message == "New user registration has been disabled by administrator")
            #expect(
                try await api.put("/api/option/", #"{"key":"PasswordLoginEnabled","value":false}"#, as: root).success)
            let login = try await api.post("/api/user/login", #"{"username":"root","password":"rootpass123"}"#)
            #expect(login.message == "Password login has been disabled by administrator")
        }
    }
}
