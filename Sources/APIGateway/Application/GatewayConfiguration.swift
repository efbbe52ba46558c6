public import EventStore
import Projections

/// Everything the gateway needs, as one value: `oneledger serve` fills it from flags and the
/// environment, tests build it directly. No module below the CLI reads the environment.
public struct GatewayConfiguration: Sendable {
    /// The data folder: `ledger/` and `readmodels.sqlite`.
    public var dataDirectory: String
    public var host: String = "0.0.0.0"
    public var port: Int = 3000
    /// The HMAC key of session cookies; nil means "use the one kept in the data folder".
    public var sessionSecret: [UInt8]?
    /// The 32-byte AES-256-GCM key that seals token, redemption and channel keys
    /// (`ONELEDGER_SECRET_KEY`); nil means "use `DIR/secret.key`".
    public var secretKey: [UInt8]?
    /// `ONELEDGER_INGEST_KEY`, for the ledger routes of a later issue.
    public var ingestKey: String?
    /// `ONELEDGER_METRICS_TOKEN`: lets non-loopback clients read `/metrics`.
    public var metricsToken: String?
    /// `TRUSTED_PROXIES`: peers whose `X-Forwarded-For` names the client.
    public var trustedProxies: [String] = []
    /// bcrypt cost (10 by default, 4 in tests).
    public var bcryptCost: UInt8 = 10
    public var rateLimits = RateLimitConfiguration()
    public var eventStore = EventStoreConfiguration()
    /// Reported as `version` by `/api/status` and `X-New-Api-Version`.
    public var version = "v0.1.0-oneledger"

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }
}

/// The limiters of users-auth-options.md §3: requests per window per client IP.
public struct RateLimitConfiguration: Sendable {
    public struct Limit: Sendable {
        public var enabled: Bool
        public var requests: Int
        /// Window length in seconds.
        public var duration: Int

        public init(enabled: Bool, requests: Int, duration: Int) {
            self.enabled = enabled
            self.requests = requests
            self.duration = duration
        }
    }

    /// Every `/api/*` route: 360 per 180 s.
    public var globalAPI = Limit(enabled: true, requests: 360, duration: 180)
    /// Register, login, `PUT /api/user/self` and the other critical routes, one shared bucket: 20 per 1200 s.
    public var critical = Limit(enabled: true, requests: 20, duration: 1200)
    /// Searches, per user id: 10 per 60 s.
    public var search = Limit(enabled: true, requests: 10, duration: 60)

    public init() {}

    /// Every limiter off (tests, black-box runs).
    public static var disabled: RateLimitConfiguration {
        var configuration = RateLimitConfiguration()
        configuration.globalAPI.enabled = false
        configuration.critical.enabled = false
        configuration.search.enabled = false
        return configuration
    }
}
