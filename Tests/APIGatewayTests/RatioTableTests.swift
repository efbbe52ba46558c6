import Foundation
import HTTPTypes
import Ledger
import Projections
import Testing

/// The ratio and price options default to New API's built-in tables, are validated when set,
/// and feed `GET /api/ratio_config` and `GET /api/pricing`.
@Suite struct RatioTableTests {
    private func options(_ api: APIClient, as root: Identity) async throws -> [String: String] {
        let items = try #require(try await api.get("/api/option/", as: root).data as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: items.map { ($0["key"] as! String, $0["value"] as! String) })
    }

    @Test func optionsShowTheBuiltInTablesUntilSet() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let values = try await options(api, as: root)
            for key in ["ModelRatio", "ModelPrice", "CompletionRatio", "CacheRatio", "CreateCacheRatio"] {
                #expect(values[key] == DefaultRatios.values[key], "\(key)")
            }
            #expect(values["ModelRatio"]?.contains(#""gpt-4o-mini":0.075"#) == true)
            #expect(values["ModelPrice"]?.contains(#""dall-e-3":0.04"#) == true)
            #expect(values["GroupRatio"] == #"{"default":1,"vip":1,"svip":1}"#)
            // Which completion ratios New API fixes by name, for every model the tables name.
            let meta = try #require(values["CompletionRatioMeta"])
            #expect(meta.contains(#""claude-3-opus-20240229":{"locked":true,"ratio":5}"#), "\(meta.prefix(300))")
            #expect(meta.contains(#""gpt-image-1":{"locked":false,"ratio":8}"#))
            #expect(meta.contains(#""dall-e-3":{"locked":false,"ratio":1}"#))
        }
    }

    @Test(arguments: [
        (
            #"{"key":"ModelRatio","value":"{\"gpt-4\":\"15\"}"}"#,
            "ModelRatio must be a JSON object mapping names to numbers"
        ),
        (#"{"key":"ModelPrice","value":"[0.04]"}"#, "ModelPrice must be a JSON object mapping names to numbers"),
        (
            #"{"key":"CompletionRatio","value":"{broken"}"#,
            "CompletionRatio must be a JSON object mapping names to numbers"
        ),
        (
            #"{"key":"CacheRatio","value":"{\"m\":-0.1}"}"#,
            "CacheRatio: the value of m must be a number not less than 0"
        ),
        (#"{"key":"CreateCacheRatio","value":""}"#, "CreateCacheRatio must be a JSON object mapping names to numbers"),
        (#"{"key":"GroupRatio","value":"{\"vip\":-1}"}"#, "group ratio must be not less than 0: vip"),
    ])
    func badTablesAreRefusedWithAClearMessage(body: String, message: String) async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let head = try await fixtures.checkpoint()
            let reply = try await api.put("/api/option/", body, as: root)
            #expect(reply.status == .ok && !reply.success && reply.message == message, "\(reply.text)")
            #expect(try await fixtures.checkpoint() == head)
        }
    }

    @Test func resetRestoresTheBuiltInModelRatio() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            #expect(
                try await api.put("/api/option/", #"{"key":"ModelRatio","value":"{\"gpt-4\":99}"}"#, as: root).success)
            #expect(try await options(api, as: root)["ModelRatio"] == #"{"gpt-4":99}"#)
            let reset = try await api.post("/api/option/rest_model_ratio", "", as: root)
            #expect(reset.success && reset.message == "重置模型倍率成功")
            #expect(try await options(api, as: root)["ModelRatio"] == DefaultRatios.values["ModelRatio"])
        }
    }

    @Test func ratioConfigAnswersFromOptionsOrDefaults() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            #expect(try await api.get("/api/ratio_config").status == .forbidden)
            #expect(try await api.put("/api/option/", #"{"key":"ExposeRatioEnabled","value":true}"#, as: root).success)
            let defaults = try await api.get("/api/ratio_config")
            #expect(defaults.success)
            #expect((defaults.object["model_ratio"] as? [String: Any])?.count == 240)
            #expect((defaults.object["model_ratio"] as? [String: Any])?["gpt-4"] as? Int == 15)
            #expect((defaults.object["model_price"] as? [String: Any])?["dall-e-3"] as? Double == 0.04)
            #expect((defaults.object["cache_ratio"] as? [String: Any])?["gpt-4o"] as? Double == 0.5)
            #expect((defaults.object["create_cache_ratio"] as? [String: Any])?["claude-opus-4-6"] as? Double == 1.25)
            #expect((defaults.object["completion_ratio"] as? [String: Any])?["gpt-image-1"] as? Int == 8)
            #expect(
                try await api.put("/api/option/", #"{"key":"ModelRatio","value":"{\"only\":2}"}"#, as: root).success)
            let set = try await api.get("/api/ratio_config")
            #expect((set.object["model_ratio"] as? [String: Any])?.keys.sorted() == ["only"])
        }
    }

    @Test func pricingListsOfferedModelsWithTheirPrices() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            for channel in [
                #"{"name":"a","type":1,"key":"k-a","models":"gpt-4o,dall-e-3,my-own-model","group":"default"}"#,
                #"{"name":"b","type":14,"key":"k-b","models":"claude-3-opus-20240229","group":"default,vip"}"#,
                #"{"name":"c","type":1,"key":"k-c","models":"o1-mini","group":"svip"}"#,
            ] {
                let added = try await api.post("/api/channel/", #"{"mode":"single","channel":\#(channel)}"#, as: root)
                #expect(added.success, "\(added.text)")
            }
            #expect(
                try await api.put("/api/option/", #"{"key":"CompletionRatio","value":"{\"gpt-4o\":4}"}"#, as: root)
                    .success)
            let reply = try await api.get("/api/pricing", as: alice)
            let items = try #require(reply.data as? [[String: Any]])
            let byName = Dictionary(uniqueKeysWithValues: items.map { ($0["model_name"] as! String, $0) })
            // alice (group default) may use default and vip, not svip.
            #expect(
                byName.keys.sorted() == ["claude-3-opus-20240229", "dall-e-3", "gpt-4o", "my-own-model"],
                "\(reply.text)")
            let gpt = try #require(byName["gpt-4o"])
            #expect(gpt["quota_type"] as? Int == 0 && gpt["model_ratio"] as? Double == 1.25)
            #expect(gpt["completion_ratio"] as? Int == 4 && gpt["cache_ratio"] as? Double == 0.5)
            #expect(gpt["enable_groups"] as? [String] == ["default"] && gpt["owner_by"] as? String == "")
            #expect(gpt["supported_endpoint_types"] as? [String] == ["openai", "openai-response"])
            let dalle = try #require(byName["dall-e-3"])
            #expect(dalle["quota_type"] as? Int == 1 && dalle["model_price"] as? Double == 0.04)
            let claude = try #require(byName["claude-3-opus-20240229"])
            #expect(claude["model_ratio"] as? Double == 7.5 && claude["create_cache_ratio"] as? Double == 1.25)
            #expect(
                claude["enable_groups"] as? [String] == ["default", "vip"] && claude["completion_ratio"] as? Int == 5)
            #expect(claude["supported_endpoint_types"] as? [String] == ["anthropic", "openai"])
            #expect(byName["my-own-model"]?["model_ratio"] as? Double == 37.5)
            #expect(byName["my-own-model"]?["completion_ratio"] as? Int == 1)
            let groupRatio = try #require(reply.json["group_ratio"] as? [String: Any])
            #expect(groupRatio.keys.sorted() == ["default", "vip"])
            let endpoints = try #require(reply.json["supported_endpoint"] as? [String: Any])
            #expect((endpoints["anthropic"] as? [String: Any])?["path"] as? String == "/v1/messages")
            #expect(reply.json["vendors"] as? [Any] != nil)

            #expect(
                try await api.put("/api/option/", #"{"key":"ModelPrice","value":"{\"gpt-4o\":0.5}"}"#, as: root).success
            )
            let priced = try #require(try await api.get("/api/pricing", as: alice).data as? [[String: Any]])
            let repriced = try #require(priced.first { $0["model_name"] as? String == "gpt-4o" })
            #expect(repriced["quota_type"] as? Int == 1 && repriced["model_price"] as? Double == 0.5)
            #expect(priced.first { $0["model_name"] as? String == "dall-e-3" }?["quota_type"] as? Int == 0)
        }
    }
}
