import APIGateway
import Foundation
import Hummingbird
import Synchronization
import Testing

/// Turnstile against a stand-in siteverify, and ratio sync against a second OneLedger server.
@Suite struct TurnstileAndRatioSyncTests {
    @Test func turnstileGuardsLoginWithTheConfiguredVerifier() async throws {
        let secrets = Mutex<[String]>([])
        try await withStandIn({ router in
            router.post("siteverify") { request, context -> Response in
                let form = String(buffer: try await request.body.collect(upTo: 65_536))
                let items = URLComponents(string: "?" + form)?.queryItems ?? []
                secrets.withLock { $0.append(items.first { $0.name == "secret" }?.value ?? "") }
                let token = items.first { $0.name == "response" }?.value ?? ""
                let body = token == "garbled" ? "not json" : #"{"success":\#(token == "good")}"#
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        }) { baseURL in
            try await withRunningServer(configure: { $0.turnstileVerifyURL = baseURL + "/siteverify" }) {
                api, fixtures in
                let root = try await fixtures.root()
                try await fixtures.setOption("TurnstileSiteKey", "site", as: root)
                try await fixtures.setOption("TurnstileSecretKey", "turnstile-secret", as: root)
                try await fixtures.setOption("TurnstileCheckEnabled", "true", as: root)
                let body = #"{"username":"root","password":"\#(Fixtures.rootPassword)"}"#
                #expect(try await api.post("/api/user/login", body).message == "Turnstile token 为空")
                #expect(try await api.post("/api/user/login?turnstile=bad", body).message == "Turnstile 校验失败，请刷新重试！")
                #expect(
                    try await api.post("/api/user/login?turnstile=garbled", body).message
                        == "127.0.0.1 answered with invalid JSON")
                #expect(try await api.post("/api/user/login?turnstile=good", body).success)
                #expect(try await api.get("/api/verification?email=a@example.com").message == "Turnstile token 为空")
                #expect(secrets.withLock { $0 }.allSatisfy { $0 == "turnstile-secret" })
            }
        }
    }

    @Test func turnstileVerifierThatIsDownIsAClearError() async throws {
        let closed = try await unusedPort()
        try await withRunningServer(configure: { $0.turnstileVerifyURL = "http://127.0.0.1:\(closed)/siteverify" }) {
            api, fixtures in
            let root = try await fixtures.root()
            try await fixtures.setOption("TurnstileSiteKey", "site", as: root)
            try await fixtures.setOption("TurnstileSecretKey", "s", as: root)
            try await fixtures.setOption("TurnstileCheckEnabled", "true", as: root)
            let reply = try await api.post(
                "/api/user/register?turnstile=x", #"{"username":"z","password":"password123"}"#)
            #expect(!reply.success && reply.message.hasPrefix("request to 127.0.0.1 failed"), "\(reply.text)")
        }
    }

    @Test func ratioSyncComparesWithAnotherInstance() async throws {
        try await withRunningServer(transport: .live) { upstream, upstreamFixtures in
            let upstreamRoot = try await upstreamFixtures.root()
            try await upstreamFixtures.setOption("ExposeRatioEnabled", "true", as: upstreamRoot)
            try await upstreamFixtures.setOption("ModelRatio", #"{"gpt-4o":9.9,"only-up":3}"#, as: upstreamRoot)
            let created = try await upstream.post(
                "/api/channel/",
                #"{"mode":"single","channel":{"name":"u","type":1,"key":"k","models":"gpt-4o","group":"default"}}"#,
                as: upstreamRoot)
            #expect(created.success, "\(created.text)")
            let base = "http://127.0.0.1:\(upstream.port)"
            try await withRunningServer { api, fixtures in
                let root = try await fixtures.root()
                let channel = try await api.post(
                    "/api/channel/",
                    #"{"mode":"single","channel":{"name":"peer","type":1,"key":"k","models":"m","group":"default","base_url":"\#(base)"}}"#,
                    as: root)
                #expect(channel.success, "\(channel.text)")
                let listed = try await api.get("/api/ratio_sync/channels", as: root)
                let items = try #require(listed.data as? [[String: Any]], "\(listed.text)")
                #expect(items.map { $0["name"] as? String } == ["peer", "官方倍率预设", "models.dev 价格预设"])
                let peerID = try #require(items.first?["id"] as? Int)
                #expect(items.first?["base_url"] as? String == base)

                let closed = try await unusedPort()
                let request =
                    #"{"channel_ids":[\#(peerID)],"upstreams":[{"name":"cfg","base_url":"\#(base)","endpoint":"/api/ratio_config"},{"name":"gone","base_url":"http://127.0.0.1:\#(closed)"}],"timeout":5}"#
                let reply = try await api.post("/api/ratio_sync/fetch", request, as: root)
                #expect(reply.success && reply.json["message"] == nil, "\(reply.text)")
                let results = try #require(reply.object["test_results"] as? [[String: Any]])
                #expect(results.map { $0["name"] as? String } == ["cfg", "gone", "peer(\(peerID))"])
                #expect(results.map { $0["status"] as? String } == ["success", "error", "success"])
                let differences = try #require(reply.object["differences"] as? [String: Any])
                let gpt = try #require((differences["gpt-4o"] as? [String: Any])?["model_ratio"] as? [String: Any])
                #expect((gpt["upstreams"] as? [String: Any])?["cfg"] as? Double == 9.9)
                #expect((gpt["upstreams"] as? [String: Any])?["peer(\(peerID))"] as? Double == 9.9)
                #expect(gpt["current"] as? Double != nil)
                let only = try #require((differences["only-up"] as? [String: Any])?["model_ratio"] as? [String: Any])
                #expect(only["current"] is NSNull && (only["upstreams"] as? [String: Any])?["cfg"] as? Double == 3)
                #expect((only["confidence"] as? [String: Any])?["cfg"] as? Bool == true)

                let none = try await api.post("/api/ratio_sync/fetch", #"{"channel_ids":[999]}"#, as: root)
                #expect(none.message == "无有效上游渠道")
                let bad = try await api.post("/api/ratio_sync/fetch", "{", as: root)
                #expect(bad.status == .badRequest && bad.message == "请求参数格式错误")
            }
        }
    }
}
