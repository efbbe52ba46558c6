public import Engine
import Foundation

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
    /// `ONELEDGER_INGEST_KEY`: the Bearer key a relay sends to the `/api/ledger/` ingest routes.
    public var ingestKey: String?
    /// `ONELEDGER_METRICS_TOKEN`: lets non-loopback clients read `/metrics`.
    public var metricsToken: String?
    /// `TRUSTED_PROXIES`: peers whose `X-Forwarded-For` names the client.
    public var trustedProxies: [String] = []
    /// bcrypt cost (10 by default, 4 in tests).
    public var bcryptCost: UInt8 = 10
    public var rateLimits = RateLimitConfiguration()
    /// The ledger's tunables (tests skip directory syncs).
    public var ledger = LedgerTuning()
    /// Where the gateway reads the time (commands, sessions, expiry, rate limits); tests move it.
    public var clock = WallClock.system
    /// The longest the reservation expiry service sleeps before it looks again (tests shorten it).
    public var expiryPollInterval: Duration = .seconds(1)
    /// How often `/api/log/stream` and `/self/stream` send a `: heartbeat` comment line, so that
    /// proxies keep an idle stream open (tests shorten it).
    public var logStreamHeartbeat: Duration = .seconds(15)
    /// Outbound calls: the SSRF guard, deadlines, OAuth provider endpoints.
    public var outbound = OutboundConfiguration()
    /// How often log retention (`LogRetentionDays`) looks for rows to prune (tests shorten it).
    public var retentionPollInterval: Duration = .seconds(600)
    /// Entity snapshots every this many events of an entity (nil: the read models file's,
    /// 1,000 when new); point-in-time state folds fewer than this many. Tests make it small.
    public var snapshotInterval: Int64?
    /// Reported as `version` by `/api/status` and `X-New-Api-Version`.
    public var version = "v0.1.0-oneledger"
    /// `TURNSTILE_VERIFY_URL`: where Turnstile tokens are verified (Cloudflare's siteverify by default).
    public var turnstileVerifyURL = "https://challenges.cloudflare.com/turnstile/v0/siteverify"
    /// A PEM file of certificates that SMTP's TLS trusts instead of the system's roots (tests).
    public var mailTrustRootsFile: String?
    /// How long one SMTP delivery may take.
    public var mailTimeout: Duration = .seconds(30)

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    /// What the engine needs of this configuration.
    var engine: EngineConfiguration {
        var engine = EngineConfiguration(dataDirectory: dataDirectory)
        engine.ledger = ledger
        engine.clock = { [clock] in clock.milliseconds }
        engine.expiryPollInterval = expiryPollInterval
        engine.retentionPollInterval = retentionPollInterval
        engine.snapshotInterval = snapshotInterval
        return engine
    }
}

/// The limiters of docs/api.md, Rate limits, each a sliding window of requests per key.
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

    /// Every `/api/*` route, per client IP: 360 per 180 s (`GLOBAL_API_RATE_LIMIT*`).
    public var globalAPI = Limit(enabled: true, requests: 360, duration: 180)
    /// Every route outside `/api` the server answers — today only `/metrics`, since OneLedger
    /// serves no web pages — per client IP: 120 per 180 s (`GLOBAL_WEB_RATE_LIMIT*`).
    public var globalWeb = Limit(enabled: true, requests: 120, duration: 180)
    /// Register, login, `PUT /api/user/self`, top-up, `GET /api/ratio_config`: one bucket per
    /// client IP shared by all of them, 20 per 1200 s (`CRITICAL_RATE_LIMIT*`).
    public var critical = Limit(enabled: true, requests: 20, duration: 1200)
    /// Token search, per user id: 10 per 60 s (`SEARCH_RATE_LIMIT*`).
    public var search = Limit(enabled: true, requests: 10, duration: 60)
    /// `GET /api/verification` per client IP, and every mail per address: 2 per 30 s, fixed as
    /// in New API (no variable sets it); its refusal is a JSON 429.
    public var emailVerification = Limit(enabled: true, requests: 2, duration: 30)

    public init() {}

    /// The defaults, overridden by the variables of §3 that `environment` holds: `<PREFIX>_ENABLE`
    /// (`false` turns a limiter off), `<PREFIX>` (requests) and `<PREFIX>_DURATION` (seconds);
    /// a non-positive or unparsable number keeps the default. The CLI passes the process
    /// environment; nothing below it reads the environment itself.
    public init(environment: [String: String]) {
        self.init()
        func apply(_ prefix: String, _ limit: inout Limit) {
            if let enabled = environment[prefix + "_ENABLE"] {
                limit.enabled = enabled.trimmingCharacters(in: .whitespaces).lowercased() != "false"
            }
            if let value = environment[prefix].flatMap({ Int($0) }), value > 0 { limit.requests = value }
            if let value = environment[prefix + "_DURATION"].flatMap({ Int($0) }), value > 0 { limit.duration = value }
        }
        apply("GLOBAL_API_RATE_LIMIT", &globalAPI)
        apply("GLOBAL_WEB_RATE_LIMIT", &globalWeb)
        apply("CRITICAL_RATE_LIMIT", &critical)
        apply("SEARCH_RATE_LIMIT", &search)
    }

    /// Every limiter off (tests, black-box runs).
    public static var disabled: RateLimitConfiguration {
        var configuration = RateLimitConfiguration()
        configuration.globalAPI.enabled = false
        configuration.globalWeb.enabled = false
        configuration.critical.enabled = false
        configuration.search.enabled = false
        configuration.emailVerification.enabled = false
        return configuration
    }
}
