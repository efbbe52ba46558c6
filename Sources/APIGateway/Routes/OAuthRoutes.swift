import Engine
import Foundation
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Third-party sign-in): the OAuth state, the GitHub / OIDC / Linux DO callbacks,
/// WeChat and Telegram login and binding. A callback with a signed-in session binds the account
/// to that user; otherwise it signs in (registering a new user when the account is new), with
/// the same answer and cookie as the password login. Every failure of the provider is an
/// envelope refusal and appends nothing.
struct OAuthRoutes: Sendable {
    let options: OptionQueries
    let users: UserQueries
    let sessions: SessionSigner
    let commands: CommandRunner
    let services: GatewayServices
    let clock: WallClock

    func register(critical router: some RouterMethods<GatewayContext>) {
        router.get("oauth/state", use: state)
        router.get("oauth/wechat", use: wechatLogin)
        router.get("oauth/wechat/bind", use: wechatBind)
        router.post("oauth/wechat/bind", use: wechatBind)
        router.get("oauth/telegram/login", use: telegramLogin)
        router.get("oauth/telegram/bind", use: telegramBind)
        router.get("oauth/:provider", use: callback)
    }

    private var stateCookie: OAuthStateCookie { OAuthStateCookie(sessions: sessions) }

    @Sendable func state(_ request: Request, context: GatewayContext) async throws -> Response {
        let aff = request.uri.queryParameters["aff"].map(String.init) ?? ""
        let (state, cookie) = stateCookie.issue(aff: aff, now: clock.seconds)
        var response = Envelope.success(state)
        response.setCookie(cookie)
        return response
    }

    @Sendable func callback(_ request: Request, context: GatewayContext) async throws -> Response {
        guard let provider = OAuthProvider(rawValue: context.parameters.get("provider") ?? "") else {
            return Envelope.failure("Unknown OAuth provider", status: .badRequest)
        }
        let query = request.uri.queryParameters
        let given = query["state"].map(String.init) ?? ""
        guard !given.isEmpty, let stored = stateCookie.read(request, now: clock.seconds), stored.state == given else {
            return Envelope.failure("State parameter is empty or mismatched", status: .forbidden)
        }
        if let error = query["error"], !error.isEmpty {
            throw APIError.refused(query["error_description"].map(String.init) ?? String(error))
        }
        let signedIn = try await sessionUser(request)
        let values = try await options.values([
            provider.enabledOption, provider.clientIDOption, "ServerAddress", "LinuxDOMinimumTrustLevel",
            "oidc.well_known", "oidc.token_endpoint", "oidc.user_info_endpoint",
        ])
        if values[provider.enabledOption] != "true" { throw APIError.refused(provider.notEnabled) }
        let code = query["code"].map(String.init) ?? ""
        guard !code.isEmpty, code.utf8.count <= 1024 else { throw LedgerError.invalidParameters }
        let exchange = OAuthExchange(
            http: try await services.outbound.http(), clientID: values[provider.clientIDOption] ?? "",
            clientSecret: try await services.secretOption(provider.clientSecretOption),
            redirectURI: (values["ServerAddress"] ?? "") + "/oauth/" + provider.rawValue,
            endpoints: services.configuration.outbound, oidcOptions: values)
        let account = try await exchange.account(provider, code: code)
        if provider == .linuxdo, account.trustLevel < Int(values["LinuxDOMinimumTrustLevel"] ?? "") ?? 0 {
            throw APIError.refused("Linux DO trust level does not meet the minimum required by administrator")
        }
        var response: Response
        if let user = signedIn {
            try await commands.run(
                BindProviderAccount(userID: user.id, binding: provider.binding, accountID: account.id), context,
                actorID: user.id)
            response = Envelope.success(["action": "bind"], message: "Binding successful")
        } else {
            response = try await signIn(
                SignInWithProvider(
                    binding: provider.binding, accountID: account.id, username: account.username,
                    displayName: account.displayName, email: account.email, inviterAffCode: stored.aff,
                    userAgent: request.headers[.userAgent] ?? "", affCodeCandidates: RandomCodes.affCodeCandidates()),
                context)
        }
        response.setCookie(OAuthStateCookie.cleared)
        return response
    }

    @Sendable func wechatLogin(_ request: Request, context: GatewayContext) async throws -> Response {
        if try await options.value("WeChatAuthEnabled") != "true" {
            throw APIError.refused("管理员未开启通过微信登录以及注册")
        }
        let id = try await wechatAccount(code: request.uri.queryParameters["code"].map(String.init) ?? "")
        return try await signIn(
            SignInWithProvider(
                binding: .wechat, accountID: id, userAgent: request.headers[.userAgent] ?? "",
                affCodeCandidates: RandomCodes.affCodeCandidates()),
            context)
    }

    struct CodeInput: Decodable {
        var code: String?
    }

    /// GET `?code=` (the endpoint list) or POST `{code}` (the console since 2026-03).
    @Sendable func wechatBind(_ request: Request, context: GatewayContext) async throws -> Response {
        var request = request
        var code = request.uri.queryParameters["code"].map(String.init) ?? ""
        if request.method == .post { code = try await request.decodeJSON(CodeInput.self, context: context).code ?? "" }
        let user = try await requireSession(request)
        if try await options.value("WeChatAuthEnabled") != "true" {
            throw APIError.refused("管理员未开启通过微信登录以及注册")
        }
        let id = try await wechatAccount(code: code)
        try await commands.run(
            BindProviderAccount(userID: user.id, binding: .wechat, accountID: id), context, actorID: user.id)
        return Envelope.success()
    }

    @Sendable func telegramLogin(_ request: Request, context: GatewayContext) async throws -> Response {
        if try await options.value("TelegramOAuthEnabled") != "true" {
            throw APIError.refused("管理员未开启通过 Telegram 登录以及注册")
        }
        let id = try await telegramAccount(request)
        return try await signIn(
            SignInWithProvider(
                binding: .telegram, accountID: id, mayRegister: false, userAgent: request.headers[.userAgent] ?? "",
                affCodeCandidates: []),
            context)
    }

    /// On success a redirect to the console's personal page, as New API answers the widget.
    @Sendable func telegramBind(_ request: Request, context: GatewayContext) async throws -> Response {
        let user = try await requireSession(request)
        if try await options.value("TelegramOAuthEnabled") != "true" {
            throw APIError.refused("管理员未开启通过 Telegram 登录以及注册")
        }
        let id = try await telegramAccount(request)
        try await commands.run(
            BindProviderAccount(userID: user.id, binding: .telegram, accountID: id), context, actorID: user.id)
        let page = try await options.value("theme.frontend") == "default" ? "/profile" : "/console/personal"
        return Response(status: .found, headers: [.location: page])
    }

    // MARK: - Helpers

    /// Runs the sign-in and answers as the password login does.
    private func signIn(_ command: SignInWithProvider, _ context: GatewayContext) async throws -> Response {
        let events = try await commands.run(command, context)
        let loggedIn = events.lazy.compactMap { recorded -> Int64? in
            if case .userLoggedIn(let e) = recorded.event { return e.userID }
            return nil
        }.first
        guard let id = loggedIn, let user = try await users.user(id: id) else { throw LedgerError.userNotFound }
        return SignedInReply.response(user, sessions: sessions, now: clock.seconds)
    }

    /// The user of a valid session cookie, if the request has one.
    private func sessionUser(_ request: Request) async throws -> UserRecord? {
        guard let cookie = Authenticate.sessionCookie(request),
            let id = sessions.userID(from: cookie, now: clock.seconds),
            let user = try await users.user(id: id), user.deletedAt == nil
        else { return nil }
        return user
    }

    /// The bind routes need a session (New API reads it without auth middleware).
    private func requireSession(_ request: Request) async throws -> UserRecord {
        guard let user = try await sessionUser(request) else {
            throw APIError.unauthorized("Unauthorized, not logged in and no access token provided")
        }
        if user.status == UserStatus.disabled { throw LedgerError.userBanned }
        return user
    }

    private func wechatAccount(code: String) async throws -> String {
        guard !code.isEmpty, code.utf8.count <= 256 else { throw LedgerError.invalidParameters }
        let server = WeChatServer(
            http: try await services.outbound.http(), address: try await options.value("WeChatServerAddress") ?? "",
            token: try await services.secretOption("WeChatServerToken"))
        return try await server.accountID(code: code)
    }

    private func telegramAccount(_ request: Request) async throws -> String {
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let token = try await services.secretOption("TelegramBotToken")
        guard let id = TelegramLogin.accountID(query, botToken: token, now: clock.seconds) else {
            throw APIError.refused("无效的请求")
        }
        return id
    }
}
