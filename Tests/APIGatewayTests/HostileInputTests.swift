import Foundation
import HTTPTypes
import Testing

/// Nothing a client sends crashes the server or half-applies a command: every body-taking
/// route of the auth matrix gets malformed, mistyped, overflowing, deeply nested and oversized
/// bodies as root; each answer is a contract answer (an envelope, or 413 / 400 without one), a
/// refusal leaves the ledger head where it was, and the server keeps answering.
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

    @Test func everyRouteSurvivesHostileBodies() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let routes = (AuthMatrixTests.routes + AuthMatrixTests.ingestRoutes).filter { $0.body != nil && !$0.refusalsOnly }
            #expect(routes.count > 20)
            for route in routes {
                for body in Self.bodies {
                    let before = try await Self.head(api)
                    let reply = try await api.request(route.method, route.path, json: body, as: root)
                    let label = "\(route.method) \(route.path) <- \(body.prefix(40))"
                    #expect([200, 400, 413].contains(reply.status.code), "\(label): \(reply.status)")
                    if reply.status == .ok {
                        #expect(reply.json["success"] is Bool, "\(label): not an envelope: \(reply.text.prefix(200))")
                    }
                    if !reply.success {
                        #expect(try await Self.head(api) == before, "\(label) was refused but appended")
                    }
                }
            }
            let huge = "{\"name\":\"" + String(repeating: "x", count: 2 * 1024 * 1024) + "\"}"
            #expect(try await api.request(.post, "/api/token/", json: huge, as: root).status == .contentTooLarge)
            #expect(try await api.get("/api/status").success)
        }
    }

    /// The ledger head, from `/metrics`.
    static func head(_ api: APIClient) async throws -> Int {
        let text = try await api.get("/metrics").text
        let line = text.split(separator: "\n").first { $0.hasPrefix("oneledger_ledger_head_seq ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) } ?? -1
    }
}
