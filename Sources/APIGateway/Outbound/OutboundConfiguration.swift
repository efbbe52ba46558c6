/// How the gateway reaches other systems: the SSRF guard's switch, the deadline of each call,
/// and the fixed endpoints of the OAuth providers (configurable so tests and private mirrors
/// can point them elsewhere). `oneledger serve` fills it from the environment.
public struct OutboundConfiguration: Sendable {
    /// `ONELEDGER_SSRF_ALLOW_PRIVATE=true`: outbound calls may reach private, loopback and
    /// link-local addresses (as the option `fetch_setting.allow_private_ip` also allows).
    public var allowPrivateAddresses = false
    /// `ONELEDGER_OUTBOUND_TIMEOUT` (seconds): the deadline of one call, connection included.
    public var timeoutSeconds: Int64 = 10
    /// `GITHUB_OAUTH_TOKEN_URL`, `GITHUB_USER_URL`.
    public var githubTokenURL = "https://github.com/login/oauth/access_token"
    public var githubUserURL = "https://api.github.com/user"
    /// `LINUX_DO_TOKEN_URL`, `LINUX_DO_USER_URL`.
    public var linuxDoTokenURL = "https://connect.linux.do/oauth2/token"
    public var linuxDoUserURL = "https://connect.linux.do/api/user"

    public init() {}

    /// The defaults, overridden by the variables above that `environment` holds.
    public init(environment: [String: String]) {
        self.init()
        allowPrivateAddresses = environment["ONELEDGER_SSRF_ALLOW_PRIVATE"]?.lowercased() == "true"
        if let seconds = environment["ONELEDGER_OUTBOUND_TIMEOUT"].flatMap({ Int64($0) }), seconds > 0 {
            timeoutSeconds = seconds
        }
        func url(_ name: String, _ value: inout String) {
            if let given = environment[name], !given.isEmpty { value = given }
        }
        url("GITHUB_OAUTH_TOKEN_URL", &githubTokenURL)
        url("GITHUB_USER_URL", &githubUserURL)
        url("LINUX_DO_TOKEN_URL", &linuxDoTokenURL)
        url("LINUX_DO_USER_URL", &linuxDoUserURL)
    }
}
