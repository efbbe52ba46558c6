import Engine
import HTTPTypes
import Hummingbird
import Ledger
import Projections

/// UserAuth / AdminAuth / RootAuth: finds the caller from the session cookie or the access
/// token, then checks `New-Api-User`, status and role in exactly the order and with the codes
/// of docs/api.md, Authentication. Role and status come from the read model on every request.
struct Authenticate: RouterMiddleware {
    typealias Context = GatewayContext
    let minimumRole: Int32
    let users: UserQueries
    let sessions: SessionSigner
    let cache: ReadCache
    let clock: WallClock

    static let newAPIUser = HTTPField.Name("New-Api-User")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        let caller = try await resolve(request)
        let header = request.headers[Self.newAPIUser] ?? ""
        if header.isEmpty { throw APIError.unauthorized("Unauthorized, New-Api-User header not provided") }
        guard let claimed = Int64(header) else {
            throw APIError.unauthorized("Unauthorized, New-Api-User header format error")
        }
        if claimed != caller.id {
            throw APIError.unauthorized("Unauthorized, New-Api-User does not match logged in user")
        }
        if caller.user.status == UserStatus.disabled { throw APIError.refused("User has been banned") }
        if caller.role < minimumRole { throw APIError.refused("Unauthorized, insufficient privileges") }
        if caller.user.username.isEmpty || !Role.isValid(caller.role) {
            throw APIError.refused("Unauthorized, invalid user info")
        }
        context.caller = caller
        return try await next(request, context)
    }

    /// Steps 1–4: the session first, else the access token.
    private func resolve(_ request: Request) async throws -> Caller {
        let now = clock.seconds
        if let cookie = Self.sessionCookie(request),
            let id = sessions.userID(from: cookie, now: now),
            let user = try await cache.user(id: id, { try await users.user(id: id) }), user.deletedAt == nil
        {
            return Caller(user: user, authMethod: "session")
        }
        var token = request.headers[.authorization] ?? ""
        if token.isEmpty {
            throw APIError.unauthorized("Unauthorized, not logged in and no access token provided")
        }
        if token.hasPrefix("Bearer ") { token.removeFirst(7) }
        guard !token.isEmpty, token.utf8.count <= 128,
            case let hash = RandomCodes.fingerprint(token),
            let user = try await cache.user(token: hash, { try await users.user(accessTokenSHA256: hash) }),
            user.deletedAt == nil, !user.username.isEmpty
        else { throw APIError.refused("Unauthorized, invalid access token") }
        if !Role.isValid(user.role) { throw APIError.refused("Unauthorized, invalid user info") }
        return Caller(user: user, authMethod: "access_token")
    }

    /// The value of the `session` cookie, found by scanning bytes, without parsing every other
    /// cookie into a dictionary.
    static func sessionCookie(_ request: Request) -> Substring? {
        let semicolon = UInt8(ascii: ";")
        let space = UInt8(ascii: " ")
        for field in request.headers[values: .cookie] {
            var rest = Substring(field)
            while !rest.isEmpty {
                let end = rest.utf8.firstIndex(of: semicolon) ?? rest.endIndex
                let start = rest.utf8[..<end].firstIndex { $0 != space } ?? end
                let pair = rest[start..<end]
                if pair.utf8.starts(with: "session=".utf8) { return pair[pair.utf8.index(start, offsetBy: 8)...] }
                rest = end == rest.endIndex ? "" : rest[rest.utf8.index(after: end)...]
            }
        }
        return nil
    }
}
