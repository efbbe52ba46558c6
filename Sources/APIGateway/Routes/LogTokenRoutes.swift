import Engine
import Hummingbird
import Projections

/// docs/api.md: `GET /api/log/token`, a key's own log rows for tools outside the
/// console: read-only key auth (expired or spent tokens pass, disabled ones do not), any
/// origin, newest first, user-formatted. `data` is an array: `p` and `page_size` (default
/// and at most 1,000, New API's `MaxRecentItems`) choose the window.
struct LogTokenRoutes: Sendable {
    let engine: Engine
    let auth: TokenKeyAuth

    func register(on router: some RouterMethods<GatewayContext>) {
        router.get("log/token", use: list)
        router.on("log/token", method: .options, use: preflight)
    }

    @Sendable func list(_ request: Request, context: GatewayContext) async throws -> Response {
        var response: Response
        do {
            let (token, _) = try await auth.resolve(request, mode: .readOnly)
            let query = request.uri.queryParameters
            let page = max(query["p"].flatMap { Int(String($0)) } ?? 1, 1)
            let size = min(max(query["page_size"].flatMap { Int(String($0)) } ?? 1000, 1), 1000)
            var filter = LogFilter()
            filter.userID = token.userId
            filter.tokenID = token.id
            let rows = try await engine.logs.list(filter, offset: (page - 1) * size, limit: size).items
            response = Envelope.success(LogJSON.user(try engine.withLedgerDetails(rows), offset: (page - 1) * size))
        } catch let refusal as TokenKeyAuth.Refusal {
            response = Envelope.failure(refusal.message, status: refusal.status)
        }
        TokenKeyAuth.cors(&response, request)
        return response
    }

    @Sendable func preflight(_ request: Request, context: GatewayContext) async throws -> Response {
        var response = Response(status: .noContent)
        TokenKeyAuth.cors(&response, request)
        return response
    }
}
