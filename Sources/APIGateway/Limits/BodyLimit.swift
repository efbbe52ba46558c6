import Hummingbird
import Projections

/// Sets how large a request body the routes behind it accept; larger is HTTP 413 with an empty
/// body (checked early from `Content-Length`, and again while the body is read).
struct BodyLimit: RouterMiddleware {
    typealias Context = GatewayContext
    /// Anonymous routes (setup, register, login): 512 KiB.
    static let anonymous = 512 * 1024
    /// Every other `/api/*` route: 1 MiB.
    static let signedIn = 1024 * 1024

    let bytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > bytes {
            throw APIError.tooLarge
        }
        var context = context
        context.maxUploadSize = bytes
        return try await next(request, context)
    }
}
