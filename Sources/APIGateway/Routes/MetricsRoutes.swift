import Engine
import Foundation
import Hummingbird
import NIOCore

/// `GET /metrics` in Prometheus text format, for loopback clients or a request bearing
/// `ONELEDGER_METRICS_TOKEN`.
struct MetricsRoutes: Sendable {
    let engine: Engine
    let metrics: GatewayMetrics
    /// `ONELEDGER_METRICS_TOKEN`.
    let token: String?

    func register(on router: some RouterMethods<GatewayContext>) {
        router.get("metrics", use: scrape)
    }

    @Sendable func scrape(_ request: Request, context: GatewayContext) async throws -> Response {
        let client = context.clientIP
        let loopback = client == "::1" || client.hasPrefix("127.")
        var authorized = loopback
        if !authorized, let token, !token.isEmpty {
            authorized = request.headers[.authorization] == "Bearer \(token)"
        }
        guard authorized else { return Response(status: .forbidden) }
        let body = metrics.scrape(engine)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
