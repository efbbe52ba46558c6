import APIGateway
import Foundation
import Hummingbird
import Testing

/// The channel routes that call the upstream — test, test all, balances, model lists — against
/// a stand-in OpenAI-compatible server on 127.0.0.1 that also answers slowly, with errors and
/// with bad JSON; and the SSRF guard in front of them.
@Suite struct ChannelUpstreamTests {
    /// Loopback allowed (the stand-in is on 127.0.0.1) and a 1-second deadline.
    static func reachLoopback(_ configuration: inout GatewayConfiguration) {
        configuration.outbound.allowPrivateAddresses = true
        configuration.outbound.timeoutSeconds = 1
    }

    @Test func aTestCallsTheUpstreamAndRecordsItsResponseTime() async throws {
        try await withStandIn(OpenAIStandIn.configure) { base in
            try await withRunningServer(configure: Self.reachLoopback) { api, fixtures in
                let root = try await fixtures.root()
                let id = try await Self.channel(api, root, "good", key: "sk-good", base: base)
                let reply = try await api.get("/api/channel/test/\(id)?model=gpt-4o", as: root)
                #expect(reply.success && reply.message.isEmpty, "\(reply.text)")
                #expect(reply.json["time"] is NSNumber && reply.json["data"] == nil)
                let channel = try await api.get("/api/channel/\(id)", as: root).object
                #expect((channel["test_time"] as? NSNumber)?.int64Value ?? 0 > 0)
                #expect(channel["response_time"] is NSNumber && channel["status"] as? Int == 1)
            }
        }
    }

    @Test func everyUpstreamFailureIsAClearRefusal() async throws {
        try await withStandIn(OpenAIStandIn.configure) { base in
            try await withRunningServer(configure: Self.reachLoopback) { api, fixtures in
                let root = try await fixtures.root()
                let cases: [(key: String, base: String, message: String)] = [
                    ("sk-revoked", base, "bad response status code 401, message: Incorrect API key provided"),
                    ("sk-slow", base, "timed out"), ("sk-badjson", base, "invalid chat completion"),
                    ("sk-other", base, "bad response status code 500"), ("sk-good", "http://127.0.0.1:1", "failed"),
                ]
                for (index, item) in cases.enumerated() {
                    let id = try await Self.channel(api, root, "failing\(index)", key: item.key, base: item.base)
                    let reply = try await api.get("/api/channel/test/\(id)", as: root)
                    #expect(!reply.success && reply.message.contains(item.message), "\(item.key): \(reply.text)")
                    #expect(reply.json["error_code"] is String && reply.json["time"] is NSNumber)
                    // A single test records its time but never disables.
                    let channel = try await api.get("/api/channel/\(id)", as: root).object
                    #expect(channel["status"] as? Int == 1 && (channel["test_time"] as? NSNumber)?.intValue ?? 0 > 0)
                }
                let revoked = try await api.get(
                    "/api/channel/test/\(try await Self.id(api, root, "failing0"))", as: root)
                #expect(revoked.json["error_code"] as? String == "invalid_api_key")
            }
        }
    }

    @Test func privateLoopbackAndLinkLocalAddressesAreRefusedUnlessAllowed() async throws {
        try await withStandIn(OpenAIStandIn.configure) { base in
            try await withRunningServer { api, fixtures in
                let root = try await fixtures.root()
                let id = try await Self.channel(api, root, "local", key: "sk-good", base: base)
                let metadata = try await Self.channel(
                    api, root, "metadata", key: "sk-good", base: "http://169.254.169.254")
                let before = try await fixtures.checkpoint()
                for path in [
                    "/api/channel/test/\(id)", "/api/channel/test/\(metadata)", "/api/channel/fetch_models/\(id)",
                ] {
                    let reply = try await api.get(path, as: root)
                    #expect(
                        !reply.success && reply.message.contains("private, loopback or link-local"), "\(reply.text)")
                }
                for address in [
                    "http://[::1]:1", "http://localhost:1", "http://0.0.0.0:1", "http://[::ffff:127.0.0.1]:1",
                ] {
                    let reply = try await api.post(
                        "/api/channel/fetch_models", #"{"type":1,"key":"sk-good","base_url":"\#(address)"}"#, as: root)
                    #expect(
                        !reply.success && reply.message.contains("private, loopback or link-local"), "\(reply.text)")
                }
                #expect(try await fixtures.checkpoint() == before, "a refused call appended")
                let allow = #"{"key":"fetch_setting.allow_private_ip","value":"true"}"#
                #expect(try await api.put("/api/option/", allow, as: root).success)
                #expect(try await api.get("/api/channel/test/\(id)", as: root).success)
            }
        }
    }

    @Test func testAllAppliesTheAutomaticRules() async throws {
        try await withStandIn(OpenAIStandIn.configure) { base in
            try await withRunningServer(configure: Self.reachLoopback) { api, fixtures in
                let root = try await fixtures.root()
                for key in ["AutomaticDisableChannelEnabled", "AutomaticEnableChannelEnabled"] {
                    #expect(try await api.put("/api/option/", #"{"key":"\#(key)","value":"true"}"#, as: root).success)
                }
                let good = try await Self.channel(api, root, "good", key: "sk-good", base: base)
                let revoked = try await Self.channel(api, root, "revoked", key: "sk-revoked", base: base)
                let noBan = try await Self.channel(
                    api, root, "noban", key: "sk-revoked", base: base, extra: #","auto_ban":0"#)
                let manual = try await Self.channel(
                    api, root, "manual", key: "sk-revoked", base: base, extra: #","status":2"#)
                let multi = try await Self.channel(
                    api, root, "multi", key: "sk-revoked\nsk-good", base: base, mode: "multi_to_single")
                let reply = try await api.get("/api/channel/test", as: root)
                #expect(reply.success, "\(reply.text)")
                func channel(_ id: Int64) async throws -> [String: Any] {
                    try await api.get("/api/channel/\(id)", as: root).object
                }
                #expect(try await channel(good)["status"] as? Int == 1)
                let disabled = try await channel(revoked)
                #expect(disabled["status"] as? Int == 3)
                let info = try JSONSerialization.jsonObject(with: Data((disabled["other_info"] as? String ?? "").utf8))
                #expect(((info as? [String: Any])?["status_reason"] as? String)?.contains("401") == true)
                #expect(try await channel(noBan)["status"] as? Int == 1)
                let untouched = try await channel(manual)
                #expect(untouched["status"] as? Int == 2 && (untouched["test_time"] as? NSNumber)?.intValue == 0)
                // The multi-key channel lost its first key and stays enabled on the second.
                #expect(try await channel(multi)["status"] as? Int == 1)
                let keys = try await api.post(
                    "/api/channel/multi_key/manage", #"{"channel_id":\#(multi),"action":"get_key_status"}"#, as: root)
                let statuses = (keys.object["keys"] as? [[String: Any]])?.map { $0["status"] as? Int }
                #expect(statuses == [3, 1], "\(keys.text)")
                // Fixed upstream: the next run enables the channel again.
                #expect(try await api.put("/api/channel/", #"{"id":\#(revoked),"key":"sk-good"}"#, as: root).success)
                #expect(try await api.get("/api/channel/test", as: root).success)
                #expect(try await channel(revoked)["status"] as? Int == 1)
            }
        }
    }

    @Test func balancesComeFromTheTypesBillingEndpoints() async throws {
        try await withStandIn(OpenAIStandIn.configure) { base in
            try await withRunningServer(configure: Self.reachLoopback) { api, fixtures in
                let root = try await fixtures.root()
                let openAI = try await Self.channel(api, root, "openai", key: "sk-good", base: base)
                let reply = try await api.get("/api/channel/update_balance/\(openAI)/", as: root)
                #expect(reply.success && reply.json["balance"] as? Double == 100, "\(reply.text)")
                let channel = try await api.get("/api/channel/\(openAI)", as: root).object
                #expect(
                    channel["balance"] as? Double == 100
                        && (channel["balance_updated_time"] as? NSNumber)?.intValue ?? 0 > 0)
                let deepSeek = try await Self.channel(api, root, "deepseek", key: "sk-good", base: base, type: 43)
                let anthropic = try await Self.channel(api, root, "claude", key: "sk-good", base: base, type: 14)
                let multi = try await Self.channel(api, root, "multi", key: "a\nb", base: base, mode: "multi_to_single")
                #expect(try await api.get("/api/channel/update_balance/\(anthropic)", as: root).message == "尚未实现")
                #expect(try await api.get("/api/channel/update_balance/\(multi)", as: root).message == "多密钥渠道不支持余额查询")
                let slow = try await Self.channel(api, root, "slow", key: "sk-slow", base: base)
                #expect(
                    try await api.get("/api/channel/update_balance/\(slow)", as: root).message.contains("timed out"))
                // Updating all: an empty balance disables the channel.
                #expect(try await api.get("/api/channel/update_balance", as: root).success)
                let emptied = try await api.get("/api/channel/\(deepSeek)", as: root).object
                #expect(emptied["status"] as? Int == 3 && emptied["balance"] as? Double == 0)
                #expect(try await api.get("/api/channel/\(openAI)", as: root).object["status"] as? Int == 1)
            }
        }
    }

    @Test func modelListsComeFromTheUpstream() async throws {
        try await withStandIn(OpenAIStandIn.configure) { base in
            try await withRunningServer(configure: Self.reachLoopback) { api, fixtures in
                let root = try await fixtures.root()
                let id = try await Self.channel(api, root, "good", key: "sk-good", base: base)
                let saved = try await api.get("/api/channel/fetch_models/\(id)", as: root)
                #expect(saved.data as? [String] == ["gpt-4o", "gpt-4o-mini"], "\(saved.text)")
                let unsaved = try await api.post(
                    "/api/channel/fetch_models", #"{"type":1,"key":"sk-good\nsk-other","base_url":"\#(base)/"}"#,
                    as: root)
                #expect(unsaved.data as? [String] == ["gpt-4o", "gpt-4o-mini"], "\(unsaved.text)")
                let byID = try await api.post("/api/channel/fetch_models", #"{"channel_id":\#(id)}"#, as: root)
                #expect(byID.data as? [String] == ["gpt-4o", "gpt-4o-mini"], "\(byID.text)")
                for key in ["sk-revoked", "sk-badjson", "sk-slow"] {
                    let reply = try await api.post(
                        "/api/channel/fetch_models", #"{"type":1,"key":"\#(key)","base_url":"\#(base)"}"#, as: root)
                    #expect(!reply.success && reply.message.hasPrefix("获取模型列表失败: "), "\(reply.text)")
                }
                let bad = try await api.post("/api/channel/fetch_models", "{", as: root)
                #expect(bad.status == .badRequest && bad.message == "Invalid request")
            }
        }
    }

    // MARK: - Helpers

    /// Adds a channel and returns its id.
    static func channel(
        _ api: APIClient, _ root: Identity, _ name: String, key: String, base: String, type: Int = 1,
        mode: String = "single", extra: String = ""
    ) async throws -> Int64 {
        let keyJSON = key.replacingOccurrences(of: "\n", with: "\\n")
        let body =
            #"{"mode":"\#(mode)","channel":{"name":"\#(name)","type":\#(type),"key":"\#(keyJSON)","base_url":"\#(base)","models":"gpt-4o","group":"default"\#(extra)}}"#
        let reply = try await api.post("/api/channel/", body, as: root)
        guard reply.success else { throw TestFailure("add channel \(name): \(reply.text)") }
        return try await id(api, root, name)
    }

    static func id(_ api: APIClient, _ root: Identity, _ name: String) async throws -> Int64 {
        let found = try await api.get("/api/channel/search?keyword=\(name)", as: root)
        let items = found.object["items"] as? [[String: Any]] ?? []
        guard let item = items.first(where: { $0["name"] as? String == name }),
            let id = (item["id"] as? NSNumber)?.int64Value
        else { throw TestFailure("no channel \(name): \(found.text)") }
        return id
    }
}
