import Engine
import Foundation
public import Hummingbird
public import Logging
import Projections
import ServiceLifecycle
import HTTPTypes

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
            engine: engine,
            sealer: SecretSealer(key: try configuration.secretKey ?? KeyFile.sealingKey(in: directory)),
            hasher: PasswordHasher(cost: configuration.bcryptCost),
            sessions: SessionSigner(secret: try configuration.sessionSecret ?? KeyFile.sessionKey(in: directory)),
            configuration: configuration, startTime: Int64(Date().timeIntervalSince1970), cache: ReadCache(engine: engine))
    } catch {
        engine.close()
        throw error
    }
}

/// Mounts the routes of each contract section with their auth, body limits and rate limits.
func buildRouter(_ services: GatewayServices) -> Router<GatewayContext> {
    let router = Router(context: GatewayContext.self)
    let metrics = GatewayMetrics()
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: CommonHeaders(version: services.configuration.version))
    if !services.configuration.trustedProxies.isEmpty {
        router.add(middleware: ClientAddress(trustedProxies: Set(services.configuration.trustedProxies)))
    }
    let limits = services.configuration.rateLimits
    // GLOBAL_WEB covers the routes outside /api; OneLedger serves no web pages, so that is /metrics.
    let web = router.group().add(limit: RateLimit(limiter: RateLimiter(limits.globalWeb), mark: "GW"))
    MetricsRoutes(services: services, metrics: metrics).register(on: web)
    // One critical limiter, so every critical route shares one bucket per client IP.
    let critical = RateLimit(limiter: RateLimiter(limits.critical), mark: "CT")
    let search = RateLimit(limiter: RateLimiter(limits.search), mark: "SR", scope: .user)
    let api = router.group("api").add(limit: RateLimit(limiter: RateLimiter(limits.globalAPI), mark: "GA"))

    let anonymous = api.group()
    let anonymousBodies = api.group().add(middleware: BodyLimit(bytes: BodyLimit.anonymous))
    let anonymousCritical = api.group().add(middleware: BodyLimit(bytes: BodyLimit.anonymous)).add(limit: critical)
    // Signed-in routes need no BodyLimit: the context's default upload limit is theirs (1 MiB),
    // enforced while a handler collects the body.
    func authenticated(_ role: Int32) -> RouterGroup<GatewayContext> {
        api.group().add(
            middleware: Authenticate(minimumRole: role, users: services.users, sessions: services.sessions, cache: services.cache))
    }
    let user = authenticated(1)
    let userCritical = authenticated(1).add(limit: critical)
    let userSearch = authenticated(1).add(limit: search)
    let admin = authenticated(10)
    let root = authenticated(100)

    SetupRoutes(services: services).register(anonymous: anonymous, limited: anonymousBodies)
    SystemRoutes(services: services).register(public: anonymous, critical: anonymousCritical, admin: admin)
    AccountRoutes(services: services).register(anonymous: anonymous, critical: anonymousCritical)
    SelfRoutes(services: services).register(user: user, critical: userCritical)
    AdminUserRoutes(services: services).register(admin: admin)
    GroupRoutes(services: services).register(admin: admin)
    OptionRoutes(services: services).register(root: root)
    TokenRoutes(services: services).register(user: user, search: userSearch)
    RedemptionRoutes(services: services).register(admin: admin)
    TopUpRoutes(services: services).register(critical: userCritical)
    ChannelRoutes(services: services).register(admin: admin, root: root)
    PricingRoutes(
        services: services, authenticate: Authenticate(minimumRole: 1, users: services.users, sessions: services.sessions, cache: services.cache)
    ).register(on: anonymous)
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
