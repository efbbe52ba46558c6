import Hummingbird
import Ledger

/// The auth of the relay's routes under `/api/ledger/` (CONTRACT.md, "Ingest auth"): the
/// ingest key as `Authorization: Bearer <ONELEDGER_INGEST_KEY>` with no `New-Api-User`, or
/// root through the normal auth. A missing or wrong key is HTTP 401 "invalid ingest key".
struct IngestAuth: RouterMiddleware {
    typealias Context = GatewayContext
    /// nil: no key configured, only root gets in.
    let key: String?
    let root: Authenticate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.headers[Authenticate.newAPIUser] != nil {
            return try await root.handle(request, context: context, next: next)
        }
        guard let key, !key.isEmpty, let presented = request.headers[.authorization],
            Self.constantTimeEqual(presented, "Bearer " + key)
        else { throw APIError.unauthorized("invalid ingest key") }
        return try await next(request, context)
    }

    /// Compares without stopping at the first difference, so timing does not reveal the key.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
