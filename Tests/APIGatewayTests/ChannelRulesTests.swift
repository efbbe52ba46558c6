import Foundation
import Testing

/// Channel input rules (docs/api.md), literal search, no-op tag operations and the model catalogue.
@Suite struct ChannelRulesTests {
    static let refusals: [(String, String, String)] = [
        ("single", #"{"name":"a","type":1,"key":"k","setting":"{bad"}"#, "渠道额外设置[channel setting] 格式错误："),
        ("single", #"{"name":"a","type":1,"key":"k","setting":"[1]"}"#, "渠道额外设置[channel setting] 格式错误："),
        ("single", #"{"name":"a","type":60,"key":"k"}"#, "New API channel base URL cannot be empty"),
        (
            "single", #"{"name":"a","type":1,"key":"k","models":"m,\#(String(repeating: "x", count: 256))"}"#,
            "模型名称过长: xxx"
        ),
        ("single", #"{"name":"a","type":41,"key":"{}"}"#, "部署地区不能为空"),
        (
            "single", #"{"name":"a","type":41,"key":"{}","other":"us"}"#,
            "部署地区必须是标准的Json格式，例如{\"default\": \"us-central1\", \"region2\": \"us-east1\"}"
        ),
        ("single", #"{"name":"a","type":41,"key":"{}","other":"{\"r\":\"us\"}"}"#, "部署地区必须包含default字段"),
        (
            "batch", #"{"name":"a","type":41,"key":"{not an array","other":"{\"default\":\"us\"}"}"#,
            "批量添加 Vertex AI 必须使用标准的JsonArray格式"
        ),
        ("single", #"{"name":"a","type":57,"key":"token"}"#, "Codex key must be a valid JSON object"),
        (
            "single", #"{"name":"a","type":57,"key":"{\"account_id\":\"x\"}"}"#,
            "Codex key JSON must include access_token"
        ),
        (
            "single", #"{"name":"a","type":57,"key":"{\"access_token\":\"t\",\"account_id\":\" \"}"}"#,
            "Codex key JSON must include account_id"
        ),
        ("merge", #"{"name":"a","type":1,"key":"k"}"#, "不支持的添加模式"),
    ]

    @Test func badChannelsAreRefusedWithTheReferenceMessagesAndAppendNothing() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let before = try await fixtures.checkpoint()
            for (mode, channel, message) in Self.refusals {
                let reply = try await api.post("/api/channel/", #"{"mode":"\#(mode)","channel":\#(channel)}"#, as: root)
                #expect(!reply.success && reply.message.hasPrefix(message), "\(channel): \(reply.text)")
            }
            #expect(try await fixtures.checkpoint() == before)
        }
    }

    @Test func validChannelsOfTheSpecialTypesAreAccepted() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let vertex =
                #"{"name":"v","type":41,"other":"{\"default\":\"us-central1\"}","key":"[{\"a\":1},{\"b\":2}]","models":"m"}"#
            #expect(try await api.post("/api/channel/", #"{"mode":"batch","channel":\#(vertex)}"#, as: root).success)
            #expect(try await api.get("/api/channel/", as: root).object["total"] as? Int == 2)
            let codex =
                #"{"name":"c","type":57,"key":"{\"access_token\":\"t\",\"account_id\":\"a\"}","setting":"{\"proxy\":\"\"}"}"#
            #expect(try await api.post("/api/channel/", #"{"mode":"single","channel":\#(codex)}"#, as: root).success)
            let before = try await fixtures.checkpoint()
            let update = try await api.put("/api/channel/", #"{"id":3,"setting":"not json"}"#, as: root)
            #expect(!update.success && update.message.hasPrefix("渠道额外设置[channel setting] 格式错误："))
            let codexKey = try await api.put("/api/channel/", #"{"id":3,"key":"plain"}"#, as: root)
            #expect(!codexKey.success && codexKey.message == "Codex key must be a valid JSON object")
            #expect(try await fixtures.checkpoint() == before)
        }
    }

    @Test func searchMatchesPercentAndUnderscoreLiterally() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            for (name, models) in [("100%_off", "m_1"), ("100abcoff", "mx1"), ("a!b", "m")] {
                let body =
                    #"{"mode":"single","channel":{"name":"\#(name)","type":1,"key":"k-\#(name)","models":"\#(models)"}}"#
                #expect(try await api.post("/api/channel/", body, as: root).success)
            }
            func total(_ query: String) async throws -> Int? {
                try await api.get("/api/channel/search?\(query)", as: root).object["total"] as? Int
            }
            #expect(try await total("keyword=100%25_off") == 1)
            #expect(try await total("keyword=%25") == 1)
            #expect(try await total("keyword=_") == 1)
            #expect(try await total("keyword=a!b") == 1)
            #expect(try await total("model=m_") == 1)
        }
    }

    @Test func tagOperationsThatMatchNothingSucceedAndAppendNothing() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            _ = try await api.post(
                "/api/channel/", #"{"mode":"single","channel":{"name":"a","type":1,"key":"k","models":"m","tag":"t"}}"#,
                as: root)
            let before = try await fixtures.checkpoint()
            #expect(try await api.post("/api/channel/tag/disabled", #"{"tag":"nobody"}"#, as: root).success)
            #expect(try await api.post("/api/channel/tag/enabled", #"{"tag":"nobody"}"#, as: root).success)
            #expect(try await api.put("/api/channel/tag", #"{"tag":"nobody","priority":3}"#, as: root).success)
            #expect(
                try await api.post("/api/channel/tag/enabled", #"{"tag":"t"}"#, as: root).success, "already enabled")
            #expect(try await api.put("/api/channel/tag", #"{"tag":"t","models":"m"}"#, as: root).success, "unchanged")
            #expect(try await fixtures.checkpoint() == before)
            let logs = try await ReadModelsProbe.open(fixtures.dataDirectory).manageLogs().map(\.content)
            #expect(!logs.contains { $0.contains("with tag") })
        }
    }

    @Test func modelCatalogueListsTheBuiltInModels() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let reply = try await api.get("/api/channel/models", as: root)
            let models = reply.data as? [[String: Any]] ?? []
            #expect(models.count > 100)
            let gpt = try #require(models.first { $0["id"] as? String == "gpt-4o" })
            #expect(gpt["object"] as? String == "model" && gpt["owned_by"] as? String == "openai")
            #expect(
                gpt["created"] as? Int == 1_626_777_600
                    && (gpt["supported_endpoint_types"] as? [String])?.isEmpty == false)
            let owners = Set(models.compactMap { $0["owned_by"] as? String })
            #expect(owners.isSuperset(of: ["openai", "claude", "google gemini", "deepseek", "mistral", "ali"]))
            let embedding = models.first { $0["id"] as? String == "text-embedding-3-small" }
            #expect(embedding?["supported_endpoint_types"] as? [String] == ["embeddings"])
            #expect(Set(models.compactMap { $0["id"] as? String }).count == models.count)
        }
    }
}
