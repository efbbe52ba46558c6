import APIGateway
import HTTPTypes
import TestSupport
import Testing

/// `X-Forwarded-For` names the client only when the peer is a trusted proxy; the critical
/// limiter's per-IP buckets show which address a request was counted under.
@Suite struct ClientAddressTests {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let login = #"{"username":"nobody","password":"wrongpass1"}"#

    func expectStatuses(_ expected: [Int], trusting proxies: [String]) async throws {
        try await withRunningServer(
            transport: .live,
            configure: {
                $0.rateLimits.critical = .init(enabled: true, requests: 1, duration: 3600)
                $0.trustedProxies = proxies
            }
        ) { api, _ in
            var codes: [Int] = []
            for forwarded in ["10.0.0.1, 203.0.113.7", "203.0.113.8", "198.51.100.1,203.0.113.7"] {
                let reply = try await api.request(
                    .post, "/api/user/login", json: Self.login, headers: [Self.forwardedFor: forwarded])
                codes.append(reply.status.code)
            }
            #expect(codes == expected)
        }
    }

    @Test func aTrustedProxysLastHopIsTheClient() async throws {
        // 203.0.113.7, then 203.0.113.8 (a bucket of its own), then 203.0.113.7 again: limited.
        try await expectStatuses([200, 200, 429], trusting: ["127.0.0.1"])
    }

    @Test func anUntrustedPeersHeaderIsIgnored() async throws {
        // Every request is the peer 127.0.0.1's: the second one is over the limit.
        try await expectStatuses([200, 429, 429], trusting: [])
    }
}
