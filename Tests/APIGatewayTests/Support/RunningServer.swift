import HTTPTypes
import APIGateway
import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle

/// A fresh temporary data folder for one test.
func temporaryDataDirectory() -> String {
    let path = NSTemporaryDirectory() + "oneledger-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The configuration tests run with: loopback, port 0, bcrypt cost 4, rate limits off.
func testConfiguration(_ directory: String) -> GatewayConfiguration {
    var configuration = GatewayConfiguration(dataDirectory: directory)
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.bcryptCost = 4
    configuration.rateLimits = .disabled
    configuration.ledger.unsafeSkipDirectorySync = true
    configuration.ingestKey = Fixtures.ingestKey
    configuration.expiryPollInterval = .milliseconds(20)
    return configuration
}

/// Starts the real application on 127.0.0.1 (port 0), runs `body` with a client for it, then
/// shuts the server down gracefully — Hummingbird's `testServer` pattern.
func withRunningServer(
    dataDirectory: String? = nil,
    configure: (inout GatewayConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (APIClient, Fixtures) async throws -> Void
) async throws {
    let directory = dataDirectory ?? temporaryDataDirectory()
    var configuration = testConfiguration(directory)
    configure(&configuration)
    var logger = Logger(label: "oneledger.test")
    logger.logLevel = .critical
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = try await buildApplication(configuration, logger: logger) { port in
        portContinuation.yield(port)
        portContinuation.finish()
    }
    try await serving(app, ports: ports, logger: logger, what: "the server") { port in
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let api = APIClient(client: client, port: port)
            try await body(api, Fixtures(api: api, dataDirectory: directory))
        }
    }
}

/// Runs `service` in a service group until `body`, given the port the service reports, is done;
/// then shuts it down gracefully, also when `body` throws.
func serving(
    _ service: some Service, ports: AsyncStream<Int>, logger: Logger, what: String,
    _ body: (Int) async throws -> Void
) async throws {
    let serviceGroup = ServiceGroup(
        configuration: .init(services: [service], gracefulShutdownSignals: [], logger: logger))
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await serviceGroup.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("\(what) did not start") }
        do {
            try await body(port)
        } catch {
            await serviceGroup.triggerGracefulShutdown()
            try? await group.waitForAll()
            throw error
        }
        await serviceGroup.triggerGracefulShutdown()
        try await group.waitForAll()
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
