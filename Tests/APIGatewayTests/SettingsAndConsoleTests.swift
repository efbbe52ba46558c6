import Foundation
import HTTPTypes
import Ledger
import Testing

@Suite struct SettingsAndConsoleTests {
    @Test func notificationSettingsReplaceTheSetting() async throws {
        try await withRunningServer { api, fixtures in
            let alice = try await fixtures.signedInUser("alice")
            _ = try await api.put("/api/user/self", #"{"language":"en"}"#, as: alice)
            let reply = try await api.put(
                "/api/user/setting",
                #"{"notify_type":"webhook","quota_warning_threshold":1000,"webhook_url":"https://example.test/hook","gotify_priority":42}"#,
                as: alice)
            #expect(reply.success && reply.message == "Settings updated" && reply.json.keys.contains("data"))
            let setting = try #require(try await api.get("/api/user/self", as: alice).object["setting"] as? String)
            #expect(setting.contains("webhook_url") && setting.contains(#""gotify_priority":5"#))
            #expect(!setting.contains("language"))
        }
    }

    @Test(arguments: [
        (#"{"notify_type":"pigeon","quota_warning_threshold":1}"#, "Invalid warning type"),
        (#"{"notify_type":"email","quota_warning_threshold":0}"#, "Warning threshold must be greater than 0"),
        (#"{"notify_type":"webhook","quota_warning_threshold":1}"#, "Webhook URL cannot be empty"),
        (#"{"notify_type":"webhook","quota_warning_threshold":1,"webhook_url":"ftp://x"}"#, "Invalid Webhook URL"),
        (
            #"{"notify_type":"email","quota_warning_threshold":1,"notification_email":"nobody"}"#,
            "Invalid email address"
        ),
    ])
    func badNotificationSettings(body: String, message: String) async throws {
        try await withRunningServer { api, fixtures in
            let alice = try await fixtures.signedInUser("alice")
            let reply = try await api.put("/api/user/setting", body, as: alice)
            #expect(!reply.success && reply.message == message)
        }
    }

    @Test func resetModelRatioAndMigrateConsoleSetting() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            _ = try await api.put("/api/option/", #"{"key":"ModelRatio","value":"{\"gpt-4\":15}"}"#, as: root)
            let reset = try await api.post("/api/option/rest_model_ratio", "", as: root)
            #expect(reset.success && reset.message == "重置模型倍率成功")
            _ = try await api.put(
                "/api/option/", #"{"key":"FAQ","value":"[{\"question\":\"q\",\"answer\":\"a\"}]"}"#, as: root)
            let migrate = try await api.post("/api/option/migrate_console_setting", "", as: root)
            #expect(migrate.success && migrate.message == "migrated")
            let items = try #require(try await api.get("/api/option/", as: root).data as? [[String: Any]])
            let values = Dictionary(uniqueKeysWithValues: items.map { ($0["key"] as! String, $0["value"] as! String) })
            #expect(values["ModelRatio"] == DefaultRatios.values["ModelRatio"])
            #expect(values["FAQ"] == nil && values["console_setting.faq"]?.contains("question") == true)
        }
    }
}
