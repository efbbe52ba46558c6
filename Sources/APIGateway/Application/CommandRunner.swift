import Engine
import Hummingbird
import Ledger

/// Runs commands on behalf of a request: each is stamped with the caller (or anonymous), the
/// request id, the client's address and the clock's time, then handed to the engine.
struct CommandRunner: Sendable {
    let engine: Engine
    let clock: WallClock

    /// The command's events once durable and applied; throws its refusal.
    @discardableResult
    func run(_ command: some Command, _ context: some CommandOrigin, actorID: Int64? = nil) async throws
        -> [RecordedEvent]
    {
        let commandContext = CommandContext(
            actorID: actorID ?? context.actorID, requestID: context.id, clientIP: context.clientIP,
            now: clock.milliseconds)
        return try await engine.execute(command, context: commandContext)
    }
}

/// A request context a command may come from.
protocol CommandOrigin: RequestContext {
    /// The client's IP address.
    var clientIP: String { get }
    /// The signed-in caller's id, 0 when anonymous.
    var actorID: Int64 { get }
}
