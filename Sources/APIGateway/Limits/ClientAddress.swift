import Foundation
import HTTPTypes
import Hummingbird

/// Trusts `X-Forwarded-For` only from the proxies named in `TRUSTED_PROXIES`: then the client
/// is the address the nearest proxy saw (the header's last entry).
struct ClientAddress: RouterMiddleware {
    typealias Context = GatewayContext
    let trustedProxies: Set<String>
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !trustedProxies.isEmpty, trustedProxies.contains(context.clientIP),
            let header = request.headers[Self.forwardedFor],
            let last = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty,
            last.utf8.count <= 64
        else { return try await next(request, context) }
        var context = context
        context.clientIP = last
        return try await next(request, context)
    }
}
