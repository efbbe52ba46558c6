import Engine

/// What the composition root hands out to the route structs, each taking only what it uses:
/// the engine (queries, head, health), the command runner, and the helpers around them.
/// Built once by `openServices`.
struct GatewayServices: Sendable {
    let engine: Engine
    let commands: CommandRunner
    let sealer: SecretSealer
    let hasher: PasswordHasher
    let sessions: SessionSigner
    let configuration: GatewayConfiguration
    /// Unix seconds of the start, for `/api/status`.
    let startTime: Int64
    /// Hot reads, valid for one writer generation.
    let cache: ReadCache

    var clock: WallClock { configuration.clock }
    /// Outbound HTTP with the SSRF guard the options and configuration ask for.
    var outbound: OutboundClients { OutboundClients(configuration: configuration.outbound, options: engine.options) }
}
