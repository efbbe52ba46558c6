import APIGateway
import Foundation
import HTTPTypes
import Testing

/// Nothing a client sends crashes the server or half-applies a command: every body-taking
/// route of the auth matrix, each on a server of its own, gets malformed, mistyped, overflowing,
/// deeply nested and oversized bodies as root; each answer is a contract answer (an envelope, or
/// 413 / 400 without one), a refusal leaves the ledger head where it was, and the server keeps
/// answering.
@Suite struct HostileInputTests {
    static let bodies: [String] = [
        "", "{", "}", "[]", "null", "true", "123", "\"text\"", "{\"a\":}", "{\"id\":\"1\"}",
        "{\"id\":1e400}", "{\"id\":-9223372036854775809}", "{\"id\":9223372036854775808}", "{\"id\":-1}",
        "{\"quota\":1e20,\"remain_quota\":-5,\"count\":1000000}", "{\"name\":\"\\u0000\\ud800\"}",
        "{\"name\":\"" + String(repeating: "名", count: 5_000) + "\"}",
        "{\"ids\":\"all\",\"key\":[],\"tag\":{},\"status\":\"1\"}",
        String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
        String(repeating: "{\"a\":", count: 20_000) + "1" + String(repeating: "}", count: 20_000),
    ]

    /// The auth matrix's body-taking routes, but for those walked only for refusals.
    static let routes =
        (AuthMatrixTests.routes + AuthMatrixTests.ingestRoutes).filter { $0.body != nil && !$0.refusalsOnly }
        + ingestRoutes

    @Test func mostRoutesOfTheMatrixTakeABody() {
        #expect(Self.routes.count > 20)
    }

    @Test(arguments: routes)
    func aRouteAnswersHostileBodiesWithoutHalfApplyingThem(_ route: AuthMatrixTests.Route) async throws {
        try await withRunningServer(configure: { $0.metricsToken = Self.metricsToken }) { api, fixtures in
            let root = try await fixtures.root()
            for body in Self.bodies {
                let before = try await Self.head(api)
                let reply = try await api.request(route.method, route.path, json: body, as: root)
                let label = "\(route.method) \(route.path) <- \(body.prefix(40))"
                #expect([200, 400, 413].contains(reply.status.code), "\(label): \(reply.status)")
                if reply.status == .ok && Self.plainText.contains(route.path) {
                    #expect(["success", "fail"].contains(reply.text), "\(label): \(reply.text.prefix(200))")
                } else if reply.status == .ok && Self.paymentShaped.contains(route.path) {
                    #expect(reply.json["message"] as? String == "error", "\(label): \(reply.text.prefix(200))")
                } else if reply.status == .ok {
                    #expect(reply.json["success"] is Bool, "\(label): not an envelope: \(reply.text.prefix(200))")
                }
                if !reply.success {
                    #expect(try await Self.head(api) == before, "\(label) was refused but appended")
                }
            }
            #expect(try await api.get("/api/status").success)
        }
    }

    /// Over a real socket, as the refusal comes before the body is read.
    @Test func anOversizedBodyIs413AndTheServerKeepsAnswering() async throws {
        try await withRunningServer(transport: .live) { api, fixtures in
            let root = try await fixtures.root()
            let huge = "{\"name\":\"" + String(repeating: "x", count: 2 * 1024 * 1024) + "\"}"
            #expect(try await api.request(.post, "/api/token/", json: huge, as: root).status == .contentTooLarge)
            #expect(try await api.get("/api/status").success)
        }
    }

    /// The router has no peer address to count as loopback, so `/metrics` wants its token.
    static let metricsToken = "hostile-input-metrics"

    /// The relay's routes (ingest key or root; root here), and the anonymous ones that take a
    /// body, outside the auth matrix.
    static let ingestRoutes = [
        AuthMatrixTests.Route(method: .post, path: "/api/ledger/tasks", body: "{}", level: .root),
        AuthMatrixTests.Route(method: .post, path: "/api/user/reset", body: "{}", level: .user),
        AuthMatrixTests.Route(method: .post, path: "/api/user/epay/notify", body: "", level: .user),
    ]

    /// Routes that answer New API's payment shape `{"message":"success"|"error","data":…}`.
    static let paymentShaped: Set<String> = ["/api/user/amount", "/api/user/pay"]
    /// The payment callback answers plain `success` or `fail`.
    static let plainText: Set<String> = ["/api/user/epay/notify"]

    /// Query strings the log, statistics and task lists must answer with an envelope.
    static let hostileQueries = [
        "type=abc&start_timestamp=NaN&end_timestamp=1e99&channel=x&p=-5&page_size=100000",
        "username=%00&model_name=%25%25&token_name=%00&group=%FF&request_id=" + String(repeating: "r", count: 5000),
        "model_name=a%25b%25c%25&keyword=%25%5F%21&format=%00&granularity=week&token_id=-1",
    ]

    @Test func listsSurviveHostileQueries() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let prefixes = ["/api/log", "/api/data", "/api/mj", "/api/task"]
            let paths = AuthMatrixTests.routes.filter { route in
                route.method == .get && !route.refusalsOnly && prefixes.contains { route.path.hasPrefix($0) }
            }.map { $0.path.split(separator: "?")[0] }
            #expect(paths.count >= 10)
            for path in paths {
                for query in Self.hostileQueries {
                    let reply = try await api.get("\(path)?\(query)", as: root)
                    // Exports answer rows, not an envelope, unless they refuse.
                    let answered =
                        reply.json["success"] is Bool || (path.hasSuffix("export") && !reply.text.hasPrefix("{"))
                    #expect(reply.status == .ok && answered, "\(path)?\(query.prefix(40)): \(reply.status)")
                }
            }
            #expect(try await api.get("/api/status").success)
        }
    }

    /// The ledger head, from `/metrics`.
    static func head(_ api: APIClient) async throws -> Int {
        let reply = try await api.request(.get, "/metrics", headers: [.authorization: "Bearer \(metricsToken)"])
        let line = reply.text.split(separator: "\n").first { $0.hasPrefix("oneledger_ledger_head_seq ") }
        guard let head = line.flatMap({ Double($0.split(separator: " ").last ?? "") }) else {
            throw TestFailure("no ledger head in /metrics: \(reply.status)")
        }
        return Int(head)
    }
}

extension AuthMatrixTests.Route: CustomTestStringConvertible {
    var testDescription: String { "\(method) \(path)" }
}
