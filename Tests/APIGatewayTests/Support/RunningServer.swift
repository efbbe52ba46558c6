import APIGateway
import Engine
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import TestSupport

/// A fresh data folder for a test that outlives one server (a restart, reading the ledger
/// afterwards); the test removes it with `defer { removeTemporaryDirectory(directory) }`.
func temporaryDataDirectory() -> String {
    makeTemporaryDirectory(prefix: "oneledger-data")
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

/// How a test reaches the application.
enum Transport {
    /// Straight into the router, with the application's services running: no socket, no peer
    /// address. For what a route answers.
    case router
    /// The real server on 127.0.0.1, port 0, over a socket: for client addresses, connections of
    /// the test's own, and restarts.
    case live
}

/// Builds the real application over `dataDirectory` (a fresh folder, removed afterwards, when
/// nil), runs `body` with a client for it, then shuts it down gracefully.
func withRunningServer(
    transport: Transport = .router,
    dataDirectory: String? = nil,
    configure: (inout GatewayConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (APIClient, Fixtures) async throws -> Void
) async throws {
    let directory = dataDirectory ?? temporaryDataDirectory()
    defer { if dataDirectory == nil { removeTemporaryDirectory(directory) } }
    var configuration = testConfiguration(directory)
    configure(&configuration)
    switch transport {
    case .router:
        let app = try await buildApplication(configuration, logger: quietLogger)
        try await app.test(.router) { client in
            let api = APIClient(router: client)
            try await body(api, Fixtures(api: api, dataDirectory: directory))
        }
    case .live:
        try await withLiveServer(configuration) { api in
            try await body(api, Fixtures(api: api, dataDirectory: directory))
        }
    }
}

/// Starts the real application on 127.0.0.1 (port 0) and runs `body` with a client for it —
/// Hummingbird's `testServer` pattern.
private func withLiveServer(
    _ configuration: GatewayConfiguration, _ body: @escaping @Sendable (APIClient) async throws -> Void
) async throws {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = try await buildApplication(configuration, logger: quietLogger) { port in
        portContinuation.yield(port)
        portContinuation.finish()
    }
    try await serving(app, ports: ports, logger: quietLogger, what: "the server") { port in
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await body(APIClient(client: client, port: port))
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
