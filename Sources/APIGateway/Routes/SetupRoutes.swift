import Hummingbird
import Ledger
import Projections

/// docs/api.md (Setup and status): the first-run wizard (`GET` / `POST /api/setup`).
struct SetupRoutes: Sendable {
    let options: OptionQueries
    let hasher: PasswordHasher
    let commands: CommandRunner
    /// Recorded by setup as the version that created the data.
    let version: String

    func register(anonymous: some RouterMethods<GatewayContext>, limited: some RouterMethods<GatewayContext>) {
        anonymous.get("setup", use: status)
        limited.post("setup", use: complete)
    }

    struct Status: Encodable {
        var status: Bool
        var rootInit: Bool
        var databaseType: String
        enum CodingKeys: String, CodingKey {
            case status
            case rootInit = "root_init"
            case databaseType = "database_type"
        }
    }

    @Sendable func status(_ request: Request, context: GatewayContext) async throws -> Response {
        let setup = try await options.setupStatus()
        if setup.setUp {
            return Envelope.successWithoutMessage(Status(status: true, rootInit: false, databaseType: ""))
        }
        return Envelope.successWithoutMessage(Status(status: false, rootInit: setup.rootExists, databaseType: "sqlite"))
    }

    struct Input: Decodable {
        var username: String?
        var password: String?
        var confirmPassword: String?
        var SelfUseModeEnabled: Bool?
        var DemoSiteEnabled: Bool?
    }

    @Sendable func complete(_ request: Request, context: GatewayContext) async throws -> Response {
        if try await options.setupStatus().setUp { throw LedgerError.alreadySetUp }
        var request = request
        let input = try await request.decodeJSON(Input.self, context: context, refusal: .refused("请求参数有误"))
        let username = input.username ?? ""
        let password = input.password ?? ""
        try UserValidation.checkSetup(username: username, password: password, confirmation: input.confirmPassword ?? "")
        let hash = try await hasher.hash(password)
        try await commands.run(
            CompleteSetup(
                username: username, passwordHash: hash, selfUseModeEnabled: input.SelfUseModeEnabled ?? false,
                demoSiteEnabled: input.DemoSiteEnabled ?? false, version: version),
            context)
        return Envelope.success(message: "系统初始化成功")
    }
}
