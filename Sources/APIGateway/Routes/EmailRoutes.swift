import Engine
import Foundation
import Hummingbird
import Ledger
import Logging
import Projections

/// docs/api.md (E-mail and password reset): verification codes, reset links, the reset itself
/// and binding an address to the signed-in user. Codes and tokens live in `VerificationCodes`;
/// what they unlock (an e-mail bound, a password reset) is an event.
struct EmailRoutes: Sendable {
    let options: OptionQueries
    let users: UserQueries
    let hasher: PasswordHasher
    let commands: CommandRunner
    let codes: VerificationCodes
    let mailer: Mailer
    let turnstile: TurnstileCheck
    /// New API's email-verification limiter (per client IP), and the same numbers per address.
    let perClient: RateLimiter
    let perAddress: RateLimiter

    func register(
        anonymous: some RouterMethods<GatewayContext>, critical: some RouterMethods<GatewayContext>,
        userCritical: some RouterMethods<SignedInContext>
    ) {
        anonymous.get("verification", use: sendVerification)
        critical.get("reset_password", use: sendResetLink)
        critical.post("user/reset", use: resetPassword)
        userCritical.get("oauth/email/bind", use: bindEmail)
        userCritical.post("oauth/email/bind", use: bindEmail)
    }

    static let tooFrequent = APIError(status: .tooManyRequests, message: "发送过于频繁，请稍后再试")

    @Sendable func sendVerification(_ request: Request, context: GatewayContext) async throws -> Response {
        guard perClient.allow("EV" + context.clientIP) else { throw Self.tooFrequent }
        try await turnstile.check(request, clientIP: context.clientIP)
        guard let email = EmailAddress.normalized(request.uri.queryParameters["email"].map(String.init)) else {
            throw LedgerError.invalidParameters
        }
        let settings = try await options.values([
            "EmailDomainRestrictionEnabled", "EmailDomainWhitelist", "EmailAliasRestrictionEnabled", "SystemName",
        ])
        if settings["EmailDomainRestrictionEnabled"] == "true",
            !EmailAddress.domainAllowed(email, whitelist: settings["EmailDomainWhitelist"] ?? "")
        {
            throw APIError.refused(
                "The administrator has enabled the email domain name whitelist, and your email address is not allowed due to special symbols or it's not in the whitelist."
            )
        }
        if settings["EmailAliasRestrictionEnabled"] == "true", EmailAddress.hasAlias(email) {
            throw APIError.refused("管理员已启用邮箱地址别名限制，您的邮箱地址由于包含特殊符号而被拒绝。")
        }
        if try await users.emailTaken(email) { throw LedgerError.emailTaken }
        guard perAddress.allow("EV" + email) else { throw Self.tooFrequent }
        let code = RandomCodes.hexCode(6)
        let name = settings["SystemName"] ?? ""
        do {
            try await mailer.send(to: email, subject: "\(name)邮箱验证邮件", html: EmailTexts.verification(name, code: code))
        } catch {
            throw APIError.refused(MailError.text(of: error))
        }
        codes.register(code, for: email, purpose: .emailVerification)
        return Envelope.success()
    }

    /// Answers success whether or not the address has an account (no enumeration); a mail that
    /// could not be sent is logged for the operator.
    @Sendable func sendResetLink(_ request: Request, context: GatewayContext) async throws -> Response {
        try await turnstile.check(request, clientIP: context.clientIP)
        guard let email = EmailAddress.normalized(request.uri.queryParameters["email"].map(String.init)) else {
            throw LedgerError.invalidParameters
        }
        guard try await users.liveUsers(email: email) == 1, perAddress.allow("RP" + email) else {
            return Envelope.success()
        }
        let token = RandomCodes.hexCode(32)
        let settings = try await options.values(["ServerAddress", "SystemName"])
        var base = settings["ServerAddress"] ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        let link = "\(base)/user/reset?email=\(EmailAddress.queryEscaped(email))&token=\(token)"
        let name = settings["SystemName"] ?? ""
        do {
            try await mailer.send(to: email, subject: "\(name)密码重置", html: EmailTexts.reset(name, link: link))
            codes.register(token, for: email, purpose: .passwordReset)
        } catch {
            context.logger.warning("reset mail not sent", metadata: ["mail.error": "\(MailError.text(of: error))"])
        }
        return Envelope.success()
    }

    struct ResetInput: Decodable {
        var email: String?
        var token: String?
    }

    @Sendable func resetPassword(_ request: Request, context: GatewayContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(ResetInput.self, context: context)
        guard let email = EmailAddress.normalized(input.email), let token = input.token, !token.isEmpty,
            token.utf8.count <= 64, codes.check(token, for: email, purpose: .passwordReset, consume: false)
        else { throw LedgerError.resetLinkInvalid }
        let password = RandomCodes.hexCode(12)
        try await commands.run(ResetPassword(email: email, passwordHash: try await hasher.hash(password)), context)
        _ = codes.check(token, for: email, purpose: .passwordReset)
        return Envelope.success(password)
    }

    struct BindInput: Decodable {
        var email: String?
        var code: String?
    }

    /// `GET ?email=&code=` (the classic console) or `POST {email, code}`.
    @Sendable func bindEmail(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        var input = BindInput(
            email: request.uri.queryParameters["email"].map(String.init),
            code: request.uri.queryParameters["code"].map(String.init))
        if request.method == .post { input = try await request.decodeJSON(BindInput.self, context: context) }
        guard let email = EmailAddress.normalized(input.email) else { throw LedgerError.invalidParameters }
        let code = input.code ?? ""
        guard code.utf8.count <= 64, codes.check(code, for: email, purpose: .emailVerification, consume: false) else {
            throw APIError.refused("Verification code is incorrect or has expired")
        }
        try await commands.run(BindEmail(userID: context.caller.id, email: email), context)
        _ = codes.check(code, for: email, purpose: .emailVerification)
        return Envelope.success()
    }
}

/// The texts of New API's two mails.
enum EmailTexts {
    static func verification(_ name: String, code: String) -> String {
        "<p>您好，你正在进行\(name)邮箱验证。</p><p>您的验证码为: <strong>\(code)</strong></p>"
            + "<p>验证码 \(VerificationCodes.validMinutes) 分钟内有效，如果不是本人操作，请忽略。</p>"
    }

    static func reset(_ name: String, link: String) -> String {
        "<p>您好，你正在进行\(name)密码重置。</p><p>点击 <a href='\(link)'>此处</a> 进行密码重置。</p>"
            + "<p>如果链接无法点击，请尝试点击下面的链接或将其复制到浏览器中打开：<br> \(link) </p>"
            + "<p>重置链接 \(VerificationCodes.validMinutes) 分钟内有效，如果不是本人操作，请忽略。</p>"
    }
}
