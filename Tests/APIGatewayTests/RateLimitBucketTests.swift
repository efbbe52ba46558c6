import APIGateway
import Foundation
import HTTPTypes
import Testing

/// The limiters of docs/api.md and whose bucket a request lands in, configured
/// small: the request past the limit gets HTTP 429 with an empty body.
@Suite struct RateLimitBucketTests {
    @Test func searchIsLimitedPerUser() async throws {
        try await withRunningServer(configure: {
            $0.rateLimits.search = .init(enabled: true, requests: 3, duration: 3600)
        }) {
            api, fixtures in
            let alice = try await fixtures.signedInUser("alice")
            let bob = try await fixtures.signedInUser("bob")
            for _ in 0..<3 {
                #expect(try await api.get("/api/token/search?keyword=x", as: alice).success)
            }
            let limited = try await api.get("/api/token/search?keyword=x", as: alice)
            #expect(limited.status == .tooManyRequests && limited.body.isEmpty)
            // Another user has a bucket of their own, and other routes are not searches.
            #expect(try await api.get("/api/token/search?keyword=x", as: bob).success)
            #expect(try await api.get("/api/token/", as: alice).success)
        }
    }

    @Test func criticalRoutesShareOneBucketPerClient() async throws {
        try await withRunningServer(configure: {
            $0.rateLimits.critical = .init(enabled: true, requests: 7, duration: 3600)
        }) {
            api, fixtures in
            let alice = try await fixtures.signedInUser("alice")  // register + login: 2
            #expect(try await api.put("/api/user/self", #"{"display_name":"A"}"#, as: alice).status == .ok)  // 3
            #expect(try await api.get("/api/ratio_config").status == .forbidden)  // 4
            #expect(try await api.post("/api/user/topup", #"{"key":"nope"}"#, as: alice).status == .ok)  // 5
            // 6
            #expect(
                try await api.post("/api/user/login", #"{"username":"alice","password":"wrong-pass"}"#).status == .ok)
            // 7
            #expect(try await api.post("/api/user/register", #"{"username":"bob","password":"password123"}"#).success)
            for limited in [
                try await api.put("/api/user/self", #"{"display_name":"B"}"#, as: alice),
                try await api.get("/api/ratio_config"),
                try await api.post("/api/user/login", #"{"username":"alice","password":"password123"}"#),
            ] {
                #expect(limited.status == .tooManyRequests && limited.body.isEmpty)
            }
            #expect(try await api.get("/api/status").success)
            #expect(try await api.get("/api/user/self", as: alice).success)
        }
    }

    /// Over a real socket, as `/metrics` answers loopback peers.
    @Test func globalWebLimitCoversRoutesOutsideAPI() async throws {
        try await withRunningServer(
            transport: .live, configure: { $0.rateLimits.globalWeb = .init(enabled: true, requests: 2, duration: 3600) }
        ) { api, _ in
            #expect(try await api.get("/metrics").status == .ok)
            #expect(try await api.get("/metrics").status == .ok)
            let limited = try await api.get("/metrics")
            #expect(limited.status == .tooManyRequests && limited.body.isEmpty)
            #expect(try await api.get("/api/status").status == .ok)
        }
    }

    @Test func everyVariableOfTheContractIsRead() {
        let limits = RateLimitConfiguration(environment: [
            "GLOBAL_API_RATE_LIMIT_ENABLE": "false", "GLOBAL_API_RATE_LIMIT": "11",
            "GLOBAL_API_RATE_LIMIT_DURATION": "12",
            "GLOBAL_WEB_RATE_LIMIT_ENABLE": "FALSE", "GLOBAL_WEB_RATE_LIMIT": "21",
            "GLOBAL_WEB_RATE_LIMIT_DURATION": "22",
            "CRITICAL_RATE_LIMIT_ENABLE": "false", "CRITICAL_RATE_LIMIT": "31", "CRITICAL_RATE_LIMIT_DURATION": "32",
            "SEARCH_RATE_LIMIT_ENABLE": "false", "SEARCH_RATE_LIMIT": "41", "SEARCH_RATE_LIMIT_DURATION": "42",
        ])
        let all = [limits.globalAPI, limits.globalWeb, limits.critical, limits.search]
        #expect(all.map(\.enabled) == [false, false, false, false])
        #expect(all.map(\.requests) == [11, 21, 31, 41] && all.map(\.duration) == [12, 22, 32, 42])
        let defaults = RateLimitConfiguration(environment: [
            "SEARCH_RATE_LIMIT": "zero", "CRITICAL_RATE_LIMIT_ENABLE": "true",
        ])
        #expect(defaults.search.requests == 10 && defaults.search.duration == 60 && defaults.critical.enabled)
        #expect(
            defaults.globalAPI.requests == 360 && defaults.globalWeb.requests == 120 && defaults.critical.requests == 20
        )
    }
}
