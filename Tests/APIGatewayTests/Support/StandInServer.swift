import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Runs a stand-in for an outside service on 127.0.0.1 (port 0) while `body` runs: the routes
/// `configure` adds answer as the real service would, so tests never reach the internet.
func withStandIn(
    _ configure: (Router<BasicRequestContext>) -> Void,
    _ body: @escaping @Sendable (_ baseURL: String) async throws -> Void
) async throws {
    let router = Router()
    configure(router)
    var logger = Logger(label: "oneledger.test.stand-in")
    logger.logLevel = .critical
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }, logger: logger)
    try await serving(app, ports: ports, logger: logger, what: "the stand-in") { port in
        try await body("http://127.0.0.1:\(port)")
    }
}
