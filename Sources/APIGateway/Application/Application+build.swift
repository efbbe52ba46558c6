import Engine
import HTTPTypes
public import Hummingbird
import Ledger
public import Logging
import ServiceLifecycle

/// Builds the whole server from one configuration value: opens the ledger and the read models,
/// catches the read models up with the ledger, starts the writer, and mounts every route.
/// `oneledger serve` and the tests call this same function.
///
/// - Parameter onServerRunning: called with the bound port once the server listens.
public func buildApplication(
    _ configuration: GatewayConfiguration,
    logger: Logger = Logger(label: "oneledger"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let services = try await openServices(configuration, logger: logger)
    return Application(
        router: buildRouter(services),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
        // Shutdown runs in reverse: HTTP stops first, then the writer drains, then the ledger closes.
        services: services.engine.services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
}

/// Opens the engine (the ledger and the read models, caught up with each other) and builds
/// the rest of what the routes share. The caller runs or closes `engine`.
func openServices(_ configuration: GatewayConfiguration, logger: Logger) async throws -> GatewayServices {
    let directory = configuration.dataDirectory
    let engine = try await Engine.open(configuration.engine, logger: logger)
    do {
        return GatewayServices(
            engine: engine, commands: CommandRunner(engine: engine, clock: configuration.clock),
            sealer: SecretSealer(key: try configuration.secretKey ?? KeyFile.sealingKey(in: directory)),
            hasher: PasswordHasher(cost: configuration.bcryptCost),
            sessions: SessionSigner(secret: try configuration.sessionSecret ?? KeyFile.sessionKey(in: directory)),
            configuration: configuration, startTime: configuration.clock.seconds, cache: ReadCache(engine: engine))
    } catch {
        engine.close()
        throw error
    }
}

/// Mounts the routes of each contract section with their auth, body limits and rate limits;
/// each route struct gets only the services it uses.
func buildRouter(_ services: GatewayServices) -> Router<GatewayContext> {
    let router = Router(context: GatewayContext.self)
    let configuration = services.configuration
    let clock = services.clock
    let metrics = GatewayMetrics()
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    // Outside ErrorMiddleware, so answers made from thrown errors carry the headers too.
    router.add(middleware: CommonHeaders(version: configuration.version))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: ClientTextCheck())
    if !configuration.trustedProxies.isEmpty {
        router.add(middleware: ClientAddress(trustedProxies: Set(configuration.trustedProxies)))
    }
    let limits = configuration.rateLimits
    func limit(_ limit: RateLimitConfiguration.Limit, _ mark: String, scope: RateLimit.Scope = .clientIP) -> RateLimit {
        RateLimit(limiter: RateLimiter(limit, clock: clock), mark: mark, scope: scope)
    }
    // GLOBAL_WEB covers the routes outside /api; OneLedger serves no web pages, so that is /metrics.
    let web = router.group().add(limit: limit(limits.globalWeb, "GW"))
    MetricsRoutes(engine: services.engine, metrics: metrics, token: configuration.metricsToken).register(on: web)
    // One critical limiter, so every critical route shares one bucket per client IP.
    let critical = limit(limits.critical, "CT")
    let search = limit(limits.search, "SR", scope: .user)
    let api = router.group("api").add(limit: limit(limits.globalAPI, "GA"))

    let anonymous = api.group()
    let anonymousBodies = api.group().add(middleware: BodyLimit(bytes: BodyLimit.anonymous))
    let anonymousCritical = api.group().add(middleware: BodyLimit(bytes: BodyLimit.anonymous)).add(limit: critical)
    let authenticate = { (role: Int32) in
        Authenticate(
            minimumRole: role, users: services.engine.users, sessions: services.sessions, cache: services.cache,
            clock: clock)
    }
    // Signed-in routes need no BodyLimit: the context's default upload limit is theirs (1 MiB),
    // enforced while a handler collects the body.
    func signedIn(_ role: Int32, limit: RateLimit? = nil) -> RouterGroup<SignedInContext> {
        var group = api.group().add(middleware: authenticate(role))
        if let limit { group = group.add(limit: limit) }
        return group.group(context: SignedInContext.self)
    }
    let user = signedIn(Role.common)
    let userCritical = signedIn(Role.common, limit: critical)
    let admin = signedIn(Role.admin)
    let root = signedIn(Role.root)

    let engine = services.engine
    let commands = services.commands
    // The outside world: e-mail, Turnstile, payments, ratio sync (docs/api.md).
    let secret: @Sendable (String) async throws -> String = { try await services.secretOption($0) }
    let codes = VerificationCodes(clock: clock)
    let turnstile = TurnstileCheck(
        options: engine.options, secret: secret, verifyURL: configuration.turnstileVerifyURL, clock: clock,
        passed: .init())
    let mailer = Mailer(
        options: engine.options, secret: secret, trustRootsFile: configuration.mailTrustRootsFile,
        timeout: configuration.mailTimeout)
    EmailRoutes(
        options: engine.options, users: engine.users, hasher: services.hasher, commands: commands, codes: codes,
        mailer: mailer, turnstile: turnstile, perClient: RateLimiter(limits.emailVerification, clock: clock),
        perAddress: RateLimiter(limits.emailVerification, clock: clock)
    ).register(anonymous: anonymous, critical: anonymousCritical, userCritical: userCritical)
    PaymentRoutes(options: engine.options, commands: commands, clock: clock, secret: secret)
        .register(user: user, userCritical: userCritical, anonymous: anonymousBodies)
    RatioSyncRoutes(channels: engine.channels, options: engine.options).register(root: root)
    SetupRoutes(options: engine.options, hasher: services.hasher, commands: commands, version: configuration.version)
        .register(anonymous: anonymous, limited: anonymousBodies)
    SystemRoutes(
        options: engine.options, cache: services.cache, engine: engine, outbound: services.outbound,
        version: configuration.version,
        startTime: services.startTime
    ).register(public: anonymous, critical: anonymousCritical, admin: admin)
    AccountRoutes(
        options: engine.options, users: engine.users, hasher: services.hasher, sessions: services.sessions,
        commands: commands, clock: clock, codes: codes, turnstile: turnstile
    ).register(anonymous: anonymous, critical: anonymousCritical)
    OAuthRoutes(
        options: engine.options, users: engine.users, sessions: services.sessions, commands: commands,
        services: services, clock: clock
    ).register(critical: anonymousCritical)
    SelfRoutes(
        users: engine.users, options: engine.options, channels: engine.channels, hasher: services.hasher,
        cache: services.cache, commands: commands
    ).register(user: user, critical: userCritical)
    AdminUserRoutes(users: engine.users, hasher: services.hasher, commands: commands).register(admin: admin)
    GroupRoutes(options: engine.options).register(admin: admin)
    OptionRoutes(options: engine.options, sealer: services.sealer, commands: commands).register(root: root)
    TokenRoutes(tokens: engine.tokens, sealer: services.sealer, commands: commands, clock: clock)
        .register(user: user, search: signedIn(Role.common, limit: search))
    RedemptionRoutes(redemptions: engine.redemptions, sealer: services.sealer, commands: commands, clock: clock)
        .register(admin: admin)
    TopUpRoutes(commands: commands).register(critical: userCritical)
    ChannelRoutes(channels: engine.channels, sealer: services.sealer, commands: commands)
        .register(admin: admin, root: root)
    ChannelUpstreamRoutes(
        channels: engine.channels, options: engine.options, sealer: services.sealer, commands: commands,
        outbound: services.outbound, clock: clock
    ).register(admin: admin)
    PricingRoutes(options: engine.options, channels: engine.channels, authenticate: authenticate(Role.common))
        .register(on: anonymous)
    OpenAPIRoutes().register(on: anonymous)
    LogRoutes(engine: engine, commands: commands, clock: clock).register(
        user: user, admin: admin, userSearch: signedIn(Role.common, limit: search),
        adminSearch: signedIn(Role.admin, limit: search))
    DataRoutes(statistics: engine.statistics).register(user: user, admin: admin)
    LogExportRoutes(engine: engine, heartbeat: configuration.logStreamHeartbeat).register(user: user, admin: admin)
    TaskRoutes(tasks: engine.tasks, options: engine.options).register(user: user, admin: admin)
    LedgerHistoryRoutes(engine: engine).register(admin: admin, root: root)
    let keyAuth = TokenKeyAuth(tokens: engine.tokens, users: engine.users, clock: clock)
    LogTokenRoutes(engine: engine, auth: keyAuth).register(on: anonymousCritical)
    BillingRoutes(auth: keyAuth, options: engine.options).register(
        on: router.group().add(limit: limit(limits.globalAPI, "GA")))
    // The relay's ingest routes: their own auth and body limit, outside the per-IP API limiter
    // (one relay sends every billed request of the gateway).
    let ingest = router.group("api/ledger").add(middleware: BodyLimit(bytes: LedgerRoutes.bodyLimit))
        .add(middleware: IngestAuth(ingestKey: configuration.ingestKey, root: authenticate(Role.root)))
    LedgerRoutes(commands: commands, engine: engine).register(ingest: ingest)
    LedgerAuditRoutes(engine: engine, sealer: services.sealer, clock: clock).register(
        user: user, admin: admin, root: root)
    TaskReportRoutes(commands: commands).register(on: ingest)
    return router
}

extension RouterGroup<GatewayContext> {
    /// Adds a rate limit unless the configuration switched it off; then its routes pay nothing for it.
    func add(limit: RateLimit) -> RouterGroup<GatewayContext> {
        limit.limiter.limit.enabled ? add(middleware: limit) : self
    }
}

/// Adds `X-New-Api-Version` and `X-Oneapi-Request-Id` to every response.
struct CommonHeaders: RouterMiddleware {
    typealias Context = GatewayContext
    let version: String
    static let versionHeader = HTTPField.Name("X-New-Api-Version")!
    static let requestIDHeader = HTTPField.Name("X-Oneapi-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[Self.versionHeader] = version
        response.headers[Self.requestIDHeader] = context.id
        return response
    }
}
