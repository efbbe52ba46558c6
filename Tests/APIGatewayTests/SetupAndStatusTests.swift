import Foundation
import HTTPTypes
import Testing

@Suite struct SetupAndStatusTests {
    @Test func freshFolderIsNotSetUpAndSetupCreatesRoot() async throws {
        try await withRunningServer { api, fixtures in
            let before = try await api.get("/api/setup")
            #expect(before.success && before.json["message"] == nil)
            #expect(before.object["status"] as? Bool == false && before.object["root_init"] as? Bool == false)
            #expect(before.object["database_type"] as? String == "sqlite")
            let status = try await api.get("/api/status")
            #expect(status.object["setup"] as? Bool == false)

            let done = try await api.post(
                "/api/setup",
                #"{"username":"root","password":"rootpass123","confirmPassword":"rootpass123","SelfUseModeEnabled":true}"#
            )
            #expect(done.success && done.message == "系统初始化成功")
            let after = try await api.get("/api/setup")
            #expect(after.object["status"] as? Bool == true && after.object["database_type"] as? String == "")
            let again = try await api.post(
                "/api/setup", #"{"username":"root2","password":"rootpass123","confirmPassword":"rootpass123"}"#)
            #expect(!again.success && again.message == "系统已经初始化完成")

            let root = try await fixtures.login("root", "rootpass123")
            let me = try await api.get("/api/user/self", as: root)
            #expect(me.object["role"] as? Int == 100 && me.object["quota"] as? Int == 100_000_000)
            #expect(me.object["display_name"] as? String == "Root User")
            let refreshed = try await api.get("/api/status")
            #expect(
                refreshed.object["setup"] as? Bool == true && refreshed.object["self_use_mode_enabled"] as? Bool == true
            )
        }
    }

    @Test(arguments: [
        (
            #"{"username":"averyveryverylongname","password":"rootpass123","confirmPassword":"rootpass123"}"#,
            "用户名长度不能超过12个字符"
        ),
        (#"{"username":"root","password":"rootpass123","confirmPassword":"rootpass124"}"#, "两次输入的密码不一致"),
        (#"{"username":"root","password":"short","confirmPassword":"short"}"#, "密码长度至少为8个字符"),
        (#"{"username":"root","#, "请求参数有误"),
        (#"{"username":5}"#, "请求参数有误"),
    ])
    func badSetupInputIsRefusedAndAppendsNothing(body: String, message: String) async throws {
        try await withRunningServer { api, _ in
            let reply = try await api.post("/api/setup", body)
            #expect(reply.status == .ok && !reply.success && reply.message == message)
            #expect(try await api.get("/api/setup").object["status"] as? Bool == false)
        }
    }

    @Test func statusListsTheQuotaAndDisplayFields() async throws {
        try await withRunningServer { api, _ in
            let status = try await api.get("/api/status")
            #expect(status.success)
            let data = status.object
            for key in [
                "version", "start_time", "quota_per_unit", "quota_display_type", "display_in_currency",
                "register_enabled", "password_login_enabled", "system_name", "chats", "usd_exchange_rate",
                "custom_currency_symbol", "HeaderNavModules", "passkey_login", "setup",
            ] {
                #expect(data[key] != nil, "missing \(key)")
            }
            #expect(data["quota_per_unit"] as? Double == 500_000)
            #expect(data["quota_display_type"] as? String == "USD")
            #expect(status.headers[.init("X-New-Api-Version")!] != nil)
        }
    }

    @Test func refusalsCarryTheCommonHeaders() async throws {
        try await withRunningServer { api, _ in
            for response in [
                try await api.get("/api/user/self"), try await api.get("/api/no/such/route"),
                try await api.post("/api/user/login", "{}"),
            ] {
                #expect(response.headers[.init("X-New-Api-Version")!] != nil, "\(response.status)")
                #expect(response.headers[.init("X-Oneapi-Request-Id")!] != nil, "\(response.status)")
            }
        }
    }

    @Test func publicTextsComeFromOptions() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            #expect(try await api.get("/api/notice").data as? String == "")
            #expect(
                try await api.put("/api/option/", #"{"key":"Notice","value":"maintenance at 5"}"#, as: root).success)
            #expect(try await api.get("/api/notice").data as? String == "maintenance at 5")
            #expect(try await api.get("/api/about").success)
            #expect(try await api.get("/api/home_page_content").success)
            #expect((try await api.get("/api/uptime/status").data as? [Any])?.isEmpty == true)
            let ratio = try await api.get("/api/ratio_config")
            #expect(ratio.status == .forbidden && ratio.message == "倍率配置接口未启用")
        }
    }

    @Test func statusTestChecksTheStores() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let reply = try await api.get("/api/status/test", as: root)
            #expect(reply.success && reply.message == "Server is running" && reply.json["http_stats"] != nil)
        }
    }

    /// Over a real socket, where an oversized body is refused before it is read.
    @Test func unknownRoutesAndOversizedBodies() async throws {
        try await withRunningServer(transport: .live) { api, _ in
            let missing = try await api.get("/api/nothing-here")
            #expect(missing.status == .notFound)
            let big = String(repeating: "a", count: 600 * 1024)
            let reply = try await api.post("/api/user/register", #"{"username":"\#(big)"}"#)
            #expect(reply.status == .contentTooLarge && reply.body.isEmpty)
            let setup = try await api.post("/api/setup", #"{"username":"\#(big)"}"#)
            #expect(setup.status == .contentTooLarge)
        }
    }
}

@Suite struct MetricsTests {
    /// Over a real socket, whose peer is loopback.
    @Test func loopbackClientsReadPrometheusMetrics() async throws {
        try await withRunningServer(transport: .live) { api, fixtures in
            _ = try await fixtures.root()
            let reply = try await api.get("/metrics")
            #expect(reply.status == .ok)
            #expect(reply.text.contains("http_requests_total"))
            #expect(reply.text.contains("oneledger_fsync_duration_seconds"))
            #expect(reply.text.contains("oneledger_ledger_head_seq"))
        }
    }
}

@Suite struct PricingTests {
    @Test func pricingIsOpenByDefaultAndObeysHeaderNavModules() async throws {
        try await withRunningServer { api, fixtures in
            let open = try await api.get("/api/pricing")
            #expect(open.success && (open.data as? [Any])?.isEmpty == true && open.json["group_ratio"] != nil)
            let root = try await fixtures.root()
            _ = try await api.put(
                "/api/option/",
                #"{"key":"HeaderNavModules","value":"{\"pricing\":{\"enabled\":true,\"requireAuth\":true}}"}"#,
                as: root)
            #expect(try await api.get("/api/pricing").status == .unauthorized)
            #expect(try await api.get("/api/pricing", as: root).success)
            _ = try await api.put(
                "/api/option/", #"{"key":"HeaderNavModules","value":"{\"pricing\":false}"}"#, as: root)
            let disabled = try await api.get("/api/pricing")
            #expect(disabled.status == .forbidden && disabled.message == "pricing is disabled")
        }
    }
}
