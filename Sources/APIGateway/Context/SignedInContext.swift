import Hummingbird
import Ledger
import NIOCore
import Projections

/// The context of a route behind `Authenticate`: the caller is known, so handlers get it (and
/// the operator an admin command names) without checking. Created from the parent context;
/// the initializer throws when no caller was set, so a misplaced route cannot run anonymous.
struct SignedInContext: ChildRequestContext, CommandOrigin {
    var coreContext: CoreRequestContextStorage
    let caller: Caller
    /// The operator of an admin command: the signed-in caller.
    let operatorInfo: Operator
    let maxUploadSize: Int
    /// The connection and the address a trusted proxy named, as in `GatewayContext`.
    private let channel: any Channel
    private let forwardedIP: String?

    init(context: GatewayContext) throws {
        guard let caller = context.caller else {
            throw APIError.unauthorized("Unauthorized, not logged in and no access token provided")
        }
        coreContext = context.coreContext
        self.caller = caller
        operatorInfo = Operator(
            id: caller.id, username: caller.user.username, role: caller.role, authMethod: caller.authMethod)
        maxUploadSize = context.maxUploadSize
        channel = context.channel
        forwardedIP = context.forwardedIP
    }

    var clientIP: String { forwardedIP ?? channel.remoteAddress?.ipAddress ?? "" }
    var actorID: Int64 { caller.id }
}
