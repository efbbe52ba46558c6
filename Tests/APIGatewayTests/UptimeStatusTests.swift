import APIGateway
import Foundation
import Hummingbird
import Testing

/// `GET /api/uptime/status` reads the configured Uptime Kuma status pages (a stand-in here).
@Suite struct UptimeStatusTests {
    @Test func monitorsComeFromTheConfiguredStatusPages() async throws {
        try await withStandIn({ router in
            router.get("api/status-page/main") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(
                        byteBuffer: ByteBuffer(
                            string: #"""
                                {"publicGroupList":[{"id":1,"name":"APIs","monitorList":[{"id":7,"name":"chat"},{"id":8,"name":"images"}]}]}
                                """#)))
            }
            router.get("api/status-page/heartbeat/main") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(
                        byteBuffer: ByteBuffer(
                            string: #"""
                                {"heartbeatList":{"7":[{"status":0},{"status":1}],"8":[]},"uptimeList":{"7_24":0.995,"8_24":0.5}}
                                """#)))
            }
        }) { baseURL in
            // The stand-in is on loopback, which the outbound guard refuses unless allowed.
            try await withRunningServer(configure: { $0.outbound.allowPrivateAddresses = true }) { api, fixtures in
                let root = try await fixtures.root()
                #expect((try await api.get("/api/uptime/status").data as? [Any])?.isEmpty == true)
                let groups =
                    #"[{"id":1,"categoryName":"Core","url":"\#(baseURL)/","slug":"main","description":""},"#
                    + #"{"id":2,"categoryName":"Gone","url":"\#(baseURL)","slug":"missing","description":""}]"#
                let body = try JSONSerialization.data(withJSONObject: [
                    "key": "console_setting.uptime_kuma_groups", "value": groups,
                ])
                let set = try await api.put("/api/option/", String(decoding: body, as: UTF8.self), as: root)
                #expect(set.success, "\(set.text)")
                let reply = try await api.get("/api/uptime/status")
                let data = try #require(reply.data as? [[String: Any]], "\(reply.text)")
                #expect(data.map { $0["categoryName"] as? String } == ["Core", "Gone"])
                let monitors = try #require(data.first?["monitors"] as? [[String: Any]])
                #expect(monitors.map { $0["name"] as? String } == ["chat", "images"])
                #expect(monitors.first?["uptime"] as? Double == 0.995 && monitors.first?["status"] as? Int == 1)
                #expect(
                    monitors.last?["status"] as? Int == 0 && monitors.allSatisfy { $0["group"] as? String == "APIs" })
                #expect((data.last?["monitors"] as? [Any])?.isEmpty == true)
            }
        }
    }
}
