import Foundation
import Projections
import TestSupport
import Testing

/// Multi-key channels: `key_mode` on update and `POST /api/channel/multi_key/manage` (docs/api.md).
@Suite struct ChannelKeyTests {
    func multiKeyChannel(_ api: APIClient, _ root: Identity, keys: String = "ka1\\nkb2\\nkc3") async throws {
        let added = try await api.post(
            "/api/channel/",
            #"{"mode":"multi_to_single","multi_key_mode":"polling","channel":{"name":"multi","type":1,"key":"\#(keys)","models":"m"}}"#,
            as: root)
        #expect(added.success, "\(added.text)")
    }

    func manage(_ api: APIClient, _ root: Identity, _ body: String) async throws -> APIResponse {
        try await api.post("/api/channel/multi_key/manage", #"{"channel_id":1,\#(body)}"#, as: root)
    }

    func key(_ api: APIClient, _ root: Identity) async throws -> String {
        try await api.post("/api/channel/1/key", "{}", as: root).object["key"] as? String ?? ""
    }

    func info(_ api: APIClient, _ root: Identity) async throws -> [String: Any] {
        try await api.get("/api/channel/1", as: root).object["channel_info"] as? [String: Any] ?? [:]
    }

    @Test func appendAddsOnlyNewKeysAndReplaceShrinksTheStatusList() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            try await multiKeyChannel(api, root)
            let appended = try await api.put(
                "/api/channel/", #"{"id":1,"key":"kb2\n kd4 \n\nkd4\nke5","key_mode":"append"}"#, as: root)
            #expect(appended.success, "\(appended.text)")
            #expect(try await key(api, root) == "ka1\nkb2\nkc3\nkd4\nke5")
            let size = (appended.object["channel_info"] as? [String: Any])?["multi_key_size"] as? Int
            #expect(size == 5 && !appended.text.contains("kd4"))
            #expect(try await manage(api, root, #""action":"disable_key","key_index":4"#).message == "密钥已禁用")
            #expect(try await manage(api, root, #""action":"disable_key","key_index":1"#).success)
            let replaced = try await api.put(
                "/api/channel/", #"{"id":1,"key":"n1\nn2\nn3","key_mode":"replace","multi_key_mode":"random"}"#,
                as: root)
            #expect(replaced.success, "\(replaced.text)")
            let info = try await info(api, root)
            #expect(info["multi_key_size"] as? Int == 3 && info["multi_key_mode"] as? String == "random")
            #expect(info["multi_key_status_list"] as? [String: Int] == ["1": 2], "the entry at index 4 is gone")
            #expect(info["multi_key_disabled_reason"] == nil && info["multi_key_disabled_time"] == nil)
            #expect(try await key(api, root) == "n1\nn2\nn3")
        }
        let updates = try LedgerReader.lines(directory, type: "ChannelUpdated")
        #expect(updates.count == 2 && updates.allSatisfy { $0.contains(#""field":"multi_key_size""#) })
        #expect(!updates.contains { $0.contains("kd4") || $0.contains("n2") }, "events hold fingerprints only")
    }

    @Test func vertexAppendNeedsAJSONArray() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let added = try await api.post(
                "/api/channel/",
                #"{"mode":"multi_to_single","channel":{"name":"v","type":41,"other":"{\"default\":\"us-central1\"}","key":"[{\"a\":1},{\"b\":2}]","models":"m"}}"#,
                as: root)
            #expect(added.success, "\(added.text)")
            let before = try await fixtures.checkpoint()
            let bad = try await api.put("/api/channel/", #"{"id":1,"key":"[not json","key_mode":"append"}"#, as: root)
            #expect(!bad.success && bad.message.hasPrefix("追加密钥解析失败: "), "\(bad.text)")
            #expect(try await fixtures.checkpoint() == before)
            let good = try await api.put(
                "/api/channel/", #"{"id":1,"key":"[{\"c\":3},{\"a\":1}]","key_mode":"append"}"#, as: root)
            #expect(good.success && (good.object["channel_info"] as? [String: Any])?["multi_key_size"] as? Int == 3)
        }
    }

    @Test func keyStatusPagesPreviewsAndCounts() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            try await multiKeyChannel(
                api, root, keys: "sk-aaaaaaaaaaaaaaaa\\nsk-bbbbbbbbbbbbbbbb\\nsk-cccccccccccccccc")
            #expect(try await manage(api, root, #""action":"disable_key","key_index":2"#).success)
            let page = try await manage(api, root, #""action":"get_key_status","page":1,"page_size":2"#)
            #expect(page.success && !page.text.contains("aaaaaaaaaaaaaaaa"), "\(page.text)")
            let keys = page.object["keys"] as? [[String: Any]] ?? []
            #expect(keys.count == 2 && keys.first?["key_preview"] as? String == "sk-aaa...")
            #expect(page.object["total"] as? Int == 3 && page.object["total_pages"] as? Int == 2)
            #expect(page.object["enabled_count"] as? Int == 2 && page.object["manual_disabled_count"] as? Int == 1)
            let disabled = try await manage(api, root, #""action":"get_key_status","status":2"#)
            let only = disabled.object["keys"] as? [[String: Any]] ?? []
            #expect(
                only.count == 1 && only.first?["index"] as? Int == 2 && only.first?["disabled_time"] as? Int ?? 0 > 0)
        }
    }

    @Test func everyActionAppendsOneEventWithItsManageLog() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            try await multiKeyChannel(api, root)
            #expect(try await manage(api, root, #""action":"enable_key","key_index":0"#).message == "密钥已启用")
            #expect(try await manage(api, root, #""action":"disable_all_keys""#).message == "已禁用 3 个密钥")
            let none = try await manage(api, root, #""action":"disable_all_keys""#)
            #expect(!none.success && none.message == "没有可禁用的密钥")
            #expect(try await manage(api, root, #""action":"enable_all_keys""#).message == "已启用 3 个密钥")
            #expect(try await info(api, root)["multi_key_status_list"] as? [String: Int] == [:])
            #expect(try await manage(api, root, #""action":"delete_key","key_index":1"#).message == "密钥已删除")
            #expect(try await key(api, root) == "ka1\nkc3")
            let noAuto = try await manage(api, root, #""action":"delete_disabled_keys""#)
            #expect(!noAuto.success && noAuto.message == "没有需要删除的自动禁用密钥")
            let logs = try await ReadModelsProbe.open(fixtures.dataDirectory).manageLogs().map(\.content)
            for action in ["enable_all_keys", "disable_all_keys", "delete_key"] {
                #expect(logs.contains("Multi-key management \(action) on channel (ID: 1)"), "\(logs)")
            }
            #expect(
                !logs.contains("Multi-key management enable_key on channel (ID: 1)"),
                "enabling an enabled key is a no-op")
        }
    }

    @Test func refusalsUseTheReferenceMessagesAndAppendNothing() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("ops", root: root)
            let user = try await fixtures.signedInUser("alice")
            try await multiKeyChannel(api, root, keys: "only")
            _ = try await api.post(
                "/api/channel/", #"{"mode":"single","channel":{"name":"s","type":1,"key":"k","models":"m"}}"#, as: root)
            let before = try await fixtures.checkpoint()
            let cases: [(String, String)] = [
                (#"{"channel_id":9,"action":"enable_all_keys"}"#, "渠道不存在"),
                (#"{"channel_id":2,"action":"enable_all_keys"}"#, "该渠道不是多密钥模式"),
                (#"{"channel_id":1,"action":"explode"}"#, "不支持的操作"),
                (#"{"channel_id":1,"action":"disable_key"}"#, "未指定要禁用的密钥索引"),
                (#"{"channel_id":1,"action":"disable_key","key_index":1}"#, "密钥索引超出范围"),
                (#"{"channel_id":1,"action":"delete_key","key_index":0}"#, "不能删除最后一个密钥"),
            ]
            for (body, message) in cases {
                let reply = try await api.post("/api/channel/multi_key/manage", body, as: admin)
                #expect(!reply.success && reply.message == message, "\(body): \(reply.text)")
            }
            #expect(try await fixtures.checkpoint() == before)
            #expect(
                !(try await api.post(
                    "/api/channel/multi_key/manage", #"{"channel_id":1,"action":"disable_all_keys"}"#, as: user
                ).success))
            #expect(try await fixtures.checkpoint() == before)
        }
    }
}
