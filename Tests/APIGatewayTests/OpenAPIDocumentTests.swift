import Engine
import Foundation
import Hummingbird
import TestSupport
import Testing

@testable import APIGateway

/// The OpenAPI document served at `GET /api/openapi.json` describes every mounted route and
/// is a valid OpenAPI 3.1 document.
@Suite struct OpenAPIDocumentTests {
    /// `method path` of every operation in the document, paths as the router prints them.
    static func documentedOperations() throws -> Set<String> {
        let data = try #require(OpenAPIRoutes.load(), "the openapi.json resource is missing")
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: [String: Any]])
        var operations: Set<String> = []
        for (path, item) in paths {
            for method in item.keys where ["get", "put", "post", "delete", "patch"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func everyMountedRouteIsDocumented() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let services = try await openServices(testConfiguration(directory), logger: quietLogger)
        defer { services.engine.close() }
        // CORS preflights (`OPTIONS`) answer browsers, not API clients: the document leaves them out.
        let mounted = Set(
            buildRouter(services).routes.filter { $0.method != .options }.map { "\($0.method) \($0.path)" })
        let documented = try Self.documentedOperations()
        #expect(mounted.subtracting(documented).sorted() == [], "mounted but not in openapi.json")
        #expect(documented.subtracting(mounted).sorted() == [], "in openapi.json but not mounted")
    }

    @Test func documentIsServed() async throws {
        try await withRunningServer { client, _ in
            let response = try await client.get("/api/openapi.json")
            #expect(response.status == .ok)
            let served = try JSONSerialization.jsonObject(with: response.body)
            #expect((served as? [String: Any])?["openapi"] as? String == "3.1.0")
        }
    }

    /// `openapi-spec-validator` (PyPI, installed by scripts/install-deps.sh) must accept it.
    @Test func documentValidates() throws {
        let url = try #require(OpenAPIRoutes.documentURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "openapi_spec_validator", url.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "openapi-spec-validator: \(text)")
    }
}
