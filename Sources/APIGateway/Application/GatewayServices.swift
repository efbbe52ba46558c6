import Engine
import Foundation
import Ledger
import Projections
import Hummingbird

/// What the route structs share: the engine for commands, the queries for reads, and the
/// helpers around them (hashing, sessions). Built once by `buildApplication`.
struct GatewayServices: Sendable {
    let engine: Engine
    let sealer: SecretSealer
    let hasher: PasswordHasher
    let sessions: SessionSigner
    let configuration: GatewayConfiguration
    /// Unix seconds of the start, for `/api/status`.
    let startTime: Int64
    /// Hot reads, valid for one writer generation.
    let cache: ReadCache

    var users: UserQueries { engine.users }
    var options: OptionQueries { engine.options }
    var logs: LogQueries { engine.logs }
    var tokens: TokenQueries { engine.tokens }
    var redemptions: RedemptionQueries { engine.redemptions }
    var channels: ChannelQueries { engine.channels }

    /// Runs one command on behalf of the request's caller (or anonymously).
    @discardableResult
    func run(_ command: some Command, _ context: GatewayContext, actorID: Int64? = nil) async throws -> [RecordedEvent] {
        let commandContext = CommandContext(
            actorID: actorID ?? context.caller?.id ?? 0, requestID: context.id, clientIP: context.clientIP,
            now: Int64(Date().timeIntervalSince1970 * 1000))
        return try await engine.execute(command, context: commandContext)
    }

    /// The operator of an admin command: the signed-in caller.
    func operatorInfo(_ caller: Caller) -> Operator {
        Operator(id: caller.id, username: caller.user.username, role: caller.role, authMethod: caller.authMethod)
    }
}
