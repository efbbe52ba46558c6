import Engine
public import Hummingbird
import Ledger
import Logging
import NIOCore
import Projections

/// An error the gateway answers with a specific HTTP status: 401 for credentials and the
/// `New-Api-User` header, 400 for bad JSON where the contract says so, 413/429 with empty bodies.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    /// 413 and 429 answer with an empty body.
    public var emptyBody = false

    static func unauthorized(_ message: String) -> APIError { APIError(status: .unauthorized, message: message) }
    /// A business refusal: HTTP 200, `success:false`.
    static func refused(_ message: String) -> APIError { APIError(status: .ok, message: message) }
    static let invalidParameters = APIError(status: .ok, message: "Invalid parameters")
    static let tooLarge = APIError(status: .contentTooLarge, message: "", emptyBody: true)
    static let tooManyRequests = APIError(status: .tooManyRequests, message: "", emptyBody: true)
}

/// The first middleware on the router: turns every error into the contract's answer. Ledger
/// refusals are `success:false` with HTTP 200; anything unexpected is a logged 500 with a
/// generic message, so nothing a client sends can take the server down.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            if error.emptyBody { return Response(status: error.status) }
            return Envelope.failure(error.message, status: error.status)
        } catch let error as LedgerError {
            if case .stateUnavailable(let detail) = error {
                context.logger.error("decision could not read state", metadata: ["error": "\(detail)"])
            }
            return Envelope.failure(error.description)
        } catch let error as OutboundError {
            // Another system failed (timeout, refusal, bad JSON, a refused address): a refusal.
            return Envelope.failure(error.message)
        } catch is NIOTooManyBytesError {
            return Response(status: .contentTooLarge)
        } catch let error as EngineError {
            context.logger.error("command failed", metadata: ["error": "\(error)"])
            return Envelope.failure("Database error, please contact the administrator", status: .internalServerError)
        } catch let error as HTTPError {
            if error.status == .notFound { return Envelope.failure("Not Found", status: .notFound) }
            if error.status == .contentTooLarge { return Response(status: .contentTooLarge) }
            return Envelope.failure(error.body ?? "Invalid parameters", status: error.status)
        } catch let error as any HTTPResponseError {
            return Response(status: error.status)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            return Envelope.failure("Internal server error", status: .internalServerError)
        }
    }
}
