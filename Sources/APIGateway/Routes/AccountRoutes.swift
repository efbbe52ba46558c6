import Engine
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Account): register, login, logout and the anonymous group list.
struct AccountRoutes: Sendable {
    let options: OptionQueries
    let users: UserQueries
    let hasher: PasswordHasher
    let sessions: SessionSigner
    let commands: CommandRunner
    let clock: WallClock
    let codes: VerificationCodes
    let turnstile: TurnstileCheck

    func register(anonymous: some RouterMethods<GatewayContext>, critical: some RouterMethods<GatewayContext>) {
        critical.post("user/register", use: registerUser)
        critical.post("user/login", use: login)
        anonymous.get("user/logout", use: logout)
        anonymous.get("user/groups", use: groups)
    }

    struct RegisterInput: Decodable {
        var username: String?
        var password: String?
        var email: String?
        var verification_code: String?
        var aff_code: String?
    }

    @Sendable func registerUser(_ request: Request, context: GatewayContext) async throws -> Response {
        try await turnstile.check(request, clientIP: context.clientIP)
        let switches = try await options.values([
            "RegisterEnabled", "PasswordRegisterEnabled", "EmailVerificationEnabled",
        ])
        if switches["RegisterEnabled"] != "true" { throw LedgerError.registrationDisabled }
        if switches["PasswordRegisterEnabled"] != "true" { throw LedgerError.passwordRegistrationDisabled }
        var request = request
        let input = try await request.decodeJSON(RegisterInput.self, context: context)
        let username = input.username ?? ""
        let password = input.password ?? ""
        try UserValidation.checkUsername(username)
        try UserValidation.checkPassword(password)
        var email = ""
        let code = input.verification_code ?? ""
        if switches["EmailVerificationEnabled"] == "true" {
            if (input.email ?? "").isEmpty || code.isEmpty {
                throw APIError.refused(
                    "Email verification is enabled, please enter email address and verification code")
            }
            guard let address = EmailAddress.normalized(input.email), code.utf8.count <= 64,
                codes.check(code, for: address, purpose: .emailVerification, consume: false)
            else { throw APIError.refused("Verification code is incorrect or has expired") }
            email = address
        }
        let hash = try await hasher.hash(password)
        try await commands.run(
            RegisterUser(
                username: username, passwordHash: hash, inviterAffCode: String((input.aff_code ?? "").prefix(32)),
                affCodeCandidates: RandomCodes.affCodeCandidates(), email: email),
            context)
        // The code is spent only once it bought an account.
        if !email.isEmpty { _ = codes.check(code, for: email, purpose: .emailVerification) }
        return Envelope.success()
    }

    struct LoginInput: Decodable {
        var username: String?
        var password: String?
    }

    @Sendable func login(_ request: Request, context: GatewayContext) async throws -> Response {
        try await turnstile.check(request, clientIP: context.clientIP)
        if try await options.value("PasswordLoginEnabled") != "true" {
            throw APIError.refused("Password login has been disabled by administrator")
        }
        var request = request
        let input = try await request.decodeJSON(LoginInput.self, context: context)
        guard let username = input.username, let password = input.password, !username.isEmpty, !password.isEmpty else {
            throw LedgerError.invalidParameters
        }
        guard username.utf8.count <= 64, password.utf8.count <= 72,
            let user = try await users.user(login: username), user.status == UserStatus.enabled,
            try await hasher.verify(password, hash: user.password)
        else { throw LedgerError.loginFailed }
        let userAgent = request.headers[.userAgent] ?? ""
        try await commands.run(
            RecordLogin(userID: user.id, method: "password", userAgent: userAgent), context, actorID: user.id)
        return SignedInReply.response(user, sessions: sessions, now: clock.seconds)
    }

    @Sendable func logout(_ request: Request, context: GatewayContext) async throws -> Response {
        var response = Envelope.success()
        response.setCookie(
            Cookie(name: SessionSigner.cookieName, value: "", maxAge: -1, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func groups(_ request: Request, context: GatewayContext) async throws -> Response {
        Envelope.success(try await GroupsView.usable(options, userGroup: nil))
    }
}
