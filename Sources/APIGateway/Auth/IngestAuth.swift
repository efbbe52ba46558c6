import HTTPTypes
import Hummingbird

/// The auth of the relay-facing `/api/ledger/` routes: `Authorization: Bearer <ingest key>`
/// with no `New-Api-User` header, or root through the normal auth (a request that sends
/// `New-Api-User` takes that path). A missing or wrong key is HTTP 401 "invalid ingest key".
/// An ingest-key request has no caller: its commands carry actor 0.
struct IngestAuth: RouterMiddleware {
    typealias Context = GatewayContext
    /// nil or empty: no key is configured, only root may call.
    let ingestKey: String?
    let root: Authenticate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.headers[Authenticate.newAPIUser] != nil {
            return try await root.handle(request, context: context, next: next)
        }
        var presented = Substring(request.headers[.authorization] ?? "")
        if presented.hasPrefix("Bearer ") { presented = presented.dropFirst(7) }
        guard let key = ingestKey, !key.isEmpty, Self.constantTimeEqual(presented.utf8, key.utf8) else {
            throw APIError.unauthorized("invalid ingest key")
        }
        return try await next(request, context)
    }

    /// Compares without stopping at the first differing byte, so timing does not reveal a prefix.
    static func constantTimeEqual(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
