import Engine
import HTTPTypes
import Hummingbird
import Ledger
import Projections

/// Authentication by API key (`Authorization: Bearer sk-…`, `sk-` optional, anything after the
/// first `-` ignored), for `/api/log/token` (docs/api.md, read-only: expired or spent
/// tokens pass) and the billing dashboard (§7.4, full: the token must be usable).
struct TokenKeyAuth: Sendable {
    let tokens: TokenQueries
    let users: UserQueries
    let clock: WallClock

    enum Mode { case readOnly, full }

    /// Why a key was refused: the status and message the route answers with.
    struct Refusal: Error {
        var status: HTTPResponse.Status
        var message: String
    }

    func resolve(_ request: Request, mode: Mode) async throws -> (token: TokenRecord, user: UserRecord) {
        var key = request.headers[.authorization] ?? ""
        if key.hasPrefix("Bearer ") { key.removeFirst(7) }
        if key.hasPrefix("sk-") { key.removeFirst(3) }
        if let dash = key.firstIndex(of: "-") { key = String(key[..<dash]) }
        guard !key.isEmpty else { throw Refusal(status: .unauthorized, message: "Token not provided") }
        guard key.utf8.count <= 128, let token = try await tokens.token(keyFingerprint: SecretSealer.fingerprint(key))
        else { throw Refusal(status: .unauthorized, message: "Invalid token") }
        let now = clock.seconds
        switch mode {
        case .readOnly where token.status == TokenStatus.disabled:
            throw Refusal(status: .unauthorized, message: "This token status is unavailable")
        case .full where TokenStatus.shown(token.fields, usedQuota: token.usedQuota, at: now) != TokenStatus.enabled:
            throw Refusal(status: .unauthorized, message: "Invalid token")
        default:
            break
        }
        guard let user = try await users.user(id: token.userId), user.deletedAt == nil,
            user.status == UserStatus.enabled
        else { throw Refusal(status: .forbidden, message: "User has been banned") }
        return (token, user)
    }

    /// Adds the permissive CORS headers of New API's key routes (any origin, credentials).
    static func cors(_ response: inout Response, _ request: Request) {
        response.headers[.accessControlAllowOrigin] = request.headers[.origin] ?? "*"
        response.headers[.accessControlAllowCredentials] = "true"
        response.headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
        response.headers[.accessControlAllowMethods] = "GET, OPTIONS"
    }
}
