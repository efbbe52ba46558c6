public import Hummingbird
import NIOCore
public import Projections

/// The facts about one request: the authenticated caller (set by `Authenticate`), the body
/// limit its route group allows, and the client's address.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the auth middleware; nil on anonymous routes.
    public var caller: Caller?
    public var maxUploadSize: Int = BodyLimit.signedIn
    /// The connection, whose peer address is formatted only when a route needs it.
    let channel: any Channel
    /// The address `ClientAddress` took from a trusted proxy's `X-Forwarded-For`.
    var forwardedIP: String?

    /// The client's IP address: the peer's, or the last hop of `X-Forwarded-For` when the
    /// peer is a trusted proxy (`ClientAddress`).
    public var clientIP: String {
        get { forwardedIP ?? channel.remoteAddress?.ipAddress ?? "" }
        set { forwardedIP = newValue }
    }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

extension GatewayContext: CommandOrigin {
    var actorID: Int64 { caller?.id ?? 0 }
}

/// Who is calling, as the auth middleware established it from the read model.
public struct Caller: Sendable {
    public var user: UserRecord
    /// "session" or "access_token".
    public var authMethod: String

    public var id: Int64 { user.id }
    public var role: Int32 { user.role }
}
