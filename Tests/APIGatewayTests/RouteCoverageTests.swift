import Engine
import HTTPTypes
import Hummingbird
import TestSupport
import Testing

@testable import APIGateway

/// Every route the router mounts is classified: walked by the auth matrix, or listed here as
/// anonymous on purpose. A new route that is neither fails this test.
@Suite struct RouteCoverageTests {
    /// Routes that need no sign-in (docs/api.md; docs/api.md).
    static let anonymous: Set<String> = [
        "GET /api/setup", "POST /api/setup", "GET /api/status", "GET /api/uptime/status", "GET /api/notice",
        "GET /api/about", "GET /api/home_page_content", "GET /api/user-agreement", "GET /api/privacy-policy",
        "GET /api/ratio_config", "GET /api/pricing", "POST /api/user/register", "POST /api/user/login",
        "GET /api/user/logout", "GET /api/user/groups", "GET /metrics", "GET /api/openapi.json",
        // By API key, not sign-in (docs/api.md), with their CORS preflights.
        "GET /api/log/token", "OPTIONS /api/log/token",
        "GET /dashboard/billing/subscription", "GET /dashboard/billing/usage",
        "GET /v1/dashboard/billing/subscription", "GET /v1/dashboard/billing/usage",
        "OPTIONS /dashboard/billing/subscription", "OPTIONS /dashboard/billing/usage",
        "OPTIONS /v1/dashboard/billing/subscription", "OPTIONS /v1/dashboard/billing/usage",
        // By ingest key or root (docs/api.md), walked by TaskReportTests.
        "POST /api/ledger/tasks",
        // E-mail codes, reset links and the payment gateway's callback (docs/api.md).
        "GET /api/verification", "GET /api/reset_password", "POST /api/user/reset", "GET /api/user/epay/notify",
        "POST /api/user/epay/notify",
    ]

    /// `/api/user/999?x=1` matches `/api/user/{id}`.
    static func matches(_ path: String, pattern: String) -> Bool {
        let concrete = path.split(separator: "?")[0].split(separator: "/", omittingEmptySubsequences: true)
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
        guard concrete.count == parts.count else { return false }
        return zip(concrete, parts).allSatisfy { $1.hasPrefix("{") || $0 == $1 }
    }

    @Test func everyMountedRouteIsWalkedOrDeclaredAnonymous() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let services = try await openServices(testConfiguration(directory), logger: quietLogger)
        defer { services.engine.close() }
        let mounted = buildRouter(services).routes.map { ("\($0.method)", "\($0.path)") }
        #expect(mounted.count > 40)
        var unclassified: [String] = []
        for (method, pattern) in mounted {
            let name = "\(method) \(pattern)"
            let walked = (AuthMatrixTests.routes + AuthMatrixTests.ingestRoutes).contains {
                "\($0.method)" == method && Self.matches($0.path, pattern: pattern)
            }
            if !walked && !Self.anonymous.contains(name) { unclassified.append(name) }
        }
        #expect(unclassified.isEmpty, "routes neither in the auth matrix nor declared anonymous: \(unclassified)")
        for name in Self.anonymous {
            #expect(mounted.contains { "\($0.0) \($0.1)" == name }, "\(name) is declared but not mounted")
        }
    }
}
