import APIGateway
import Engine
import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// Third-party sign-in against stand-in providers on 127.0.0.1: the OAuth state with its
/// invitation code, GitHub, OIDC (discovery, code exchange, user info), Linux DO, WeChat and
/// Telegram, login and binding, and every refusal on the way.
@Suite struct OAuthTests {
    static let botToken = "123456:telegram-bot-token"

    /// The stand-in providers: code `good` exchanges for a token, anything else is refused;
    /// code `slow` answers after the deadline, `badjson` with a broken body.
    static func providers(_ router: Router<BasicRequestContext>) {
        router.post("github/token") { request, _ in
            var request = request
            let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
            if body.contains(#""code":"slow""#) { return try await StandInAnswer.slow() }
            if body.contains(#""code":"badjson""#) { return StandInAnswer.badJSON }
            guard body.contains(#""code":"good""#), body.contains(#""client_secret":"gh-secret""#) else {
                return StandInAnswer.json(
                    #"{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}"#
                )
            }
            return StandInAnswer.json(#"{"access_token":"gho_token","token_type":"bearer"}"#)
        }
        router.get("github/user") { request, _ in
            guard request.headers[.authorization] == "Bearer gho_token" else {
                return StandInAnswer.json("{}", status: .unauthorized)
            }
            return StandInAnswer.json(#"{"id":4242,"login":"octo","name":"Octo Cat","email":"Octo@Example.com"}"#)
        }
        router.get(".well-known/openid-configuration") { request, _ in
            let origin = StandInAnswer.origin(request)
            return StandInAnswer.json(
                #"{"issuer":"\#(origin)","token_endpoint":"\#(origin)/oidc/token","userinfo_endpoint":"\#(origin)/oidc/userinfo"}"#
            )
        }
        router.post("oidc/token") { request, _ in
            var request = request
            let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
            guard body.contains("code=good"), body.contains("grant_type=authorization_code") else {
                return StandInAnswer.json(#"{"error":"invalid_grant"}"#, status: .badRequest)
            }
            return StandInAnswer.json(#"{"access_token":"oidc-token"}"#)
        }
        router.get("oidc/userinfo") { request, _ in
            guard request.headers[.authorization] == "Bearer oidc-token" else {
                return StandInAnswer.json("{}", status: .unauthorized)
            }
            return StandInAnswer.json(#"{"sub":"oidc-subject-1","preferred_username":"olga","name":"Olga"}"#)
        }
        router.post("linuxdo/token") { request, _ in
            let basic = "Basic " + Data("ld-id:ld-secret".utf8).base64EncodedString()
            guard request.headers[.authorization] == basic else {
                return StandInAnswer.json("{}", status: .unauthorized)
            }
            return StandInAnswer.json(#"{"access_token":"ld-token"}"#)
        }
        router.get("linuxdo/user") { _, _ in
            StandInAnswer.json(#"{"id":77,"username":"linus","name":"Linus","active":true,"trust_level":1}"#)
        }
        router.get("api/wechat/user") { request, _ in
            guard request.headers[.authorization] == "wx-token" else {
                return StandInAnswer.json(#"{"success":false,"message":"无权进行此操作"}"#)
            }
            let code = request.uri.queryParameters["code"].map(String.init) ?? ""
            return code.hasPrefix("scan")
                ? StandInAnswer.json(#"{"success":true,"message":"","data":"wx-\#(code)"}"#)
                : StandInAnswer.json(#"{"success":false,"message":"验证码错误或已过期"}"#)
        }
    }

    /// Points the providers at the stand-in and lets outbound calls reach loopback.
    static func configure(_ base: String) -> (inout GatewayConfiguration) -> Void {
        { configuration in
            configuration.outbound.allowPrivateAddresses = true
            configuration.outbound.timeoutSeconds = 1
            configuration.outbound.githubTokenURL = base + "/github/token"
            configuration.outbound.githubUserURL = base + "/github/user"
            configuration.outbound.linuxDoTokenURL = base + "/linuxdo/token"
            configuration.outbound.linuxDoUserURL = base + "/linuxdo/user"
        }
    }

    static func setOptions(_ api: APIClient, _ root: Identity, _ pairs: [(String, String)]) async throws {
        for (key, value) in pairs {
            let body = try JSONSerialization.data(withJSONObject: ["key": key, "value": value])
            let reply = try await api.put("/api/option/", String(decoding: body, as: UTF8.self), as: root)
            guard reply.success else { throw TestFailure("option \(key): \(reply.text)") }
        }
    }

    @Test func gitHubLoginRegistersTheInviteeOnceAndSignsIn() async throws {
        try await withStandIn(Self.providers) { base in
            try await withRunningServer(configure: Self.configure(base)) { api, fixtures in
                let root = try await fixtures.root()
                try await Self.setOptions(
                    api, root,
                    [
                        ("GitHubClientId", "gh-id"), ("GitHubClientSecret", "gh-secret"),
                        ("GitHubOAuthEnabled", "true"),
                        ("QuotaForInviter", "300"), ("QuotaForInvitee", "200"), ("QuotaForNewUser", "100"),
                    ])
                let inviter = try await fixtures.signedInUser("ivan")
                let aff = try #require(try await api.get("/api/user/aff", as: inviter).data as? String)
                let (state, cookie) = try await Self.state(api, aff: aff)
                let login = try await Self.callback(api, "github", code: "good", state: state, cookie: cookie)
                #expect(login.success && login.object["username"] as? String == "octo", "\(login.text)")
                #expect(login.object["display_name"] as? String == "Octo Cat")
                let user = try Self.signedIn(login)
                let me = try await api.get("/api/user/self", as: user).object
                #expect(me["github_id"] as? String == "4242" && me["email"] as? String == "octo@example.com")
                #expect(me["quota"] as? Int == 300 && me["inviter_id"] as? Int == Int(inviter.userID))
                #expect(try await api.get("/api/user/self", as: inviter).object["aff_count"] as? Int == 1)
                // The state is spent with its cookie; a new one signs the same user in again.
                #expect(login.headers[values: .setCookie].contains { $0.hasPrefix("oauth_state=;") })
                let (again, againCookie) = try await Self.state(api)
                let second = try await Self.callback(api, "github", code: "good", state: again, cookie: againCookie)
                #expect(second.success && second.object["id"] as? Int == Int(user.userID), "\(second.text)")
                // Disabled users are refused.
                _ = try await api.post("/api/user/manage", #"{"id":\#(user.userID),"action":"disable"}"#, as: root)
                let (third, thirdCookie) = try await Self.state(api)
                let banned = try await Self.callback(api, "github", code: "good", state: third, cookie: thirdCookie)
                #expect(!banned.success && banned.message == "User has been banned")
                // Secrets are never listed.
                let options = try await api.get("/api/option/", as: root).text
                #expect(!options.contains("gh-secret") && !options.contains("GitHubClientSecret"))
            }
        }
    }

    @Test func callbacksRefuseBadStatesCodesAndSwitches() async throws {
        try await withStandIn(Self.providers) { base in
            try await withRunningServer(configure: Self.configure(base)) { api, fixtures in
                let root = try await fixtures.root()
                let (state, cookie) = try await Self.state(api)
                let disabled = try await Self.callback(api, "github", code: "good", state: state, cookie: cookie)
                #expect(disabled.message == "GitHub login and registration has not been enabled by administrator")
                try await Self.setOptions(
                    api, root,
                    [
                        ("GitHubClientId", "gh-id"), ("GitHubClientSecret", "gh-secret"),
                        ("GitHubOAuthEnabled", "true"),
                    ])
                let before = try await fixtures.checkpoint()
                let mismatch = try await Self.callback(api, "github", code: "good", state: "other", cookie: cookie)
                #expect(mismatch.status == .forbidden && mismatch.message == "State parameter is empty or mismatched")
                let noCookie = try await api.get("/api/oauth/github?code=good&state=\(state)")
                #expect(noCookie.status == .forbidden)
                let unknown = try await Self.callback(api, "myspace", code: "good", state: state, cookie: cookie)
                #expect(unknown.status == .badRequest && unknown.message == "Unknown OAuth provider")
                for (code, message) in [
                    ("wrong", "The code passed is incorrect or expired."), ("slow", "timed out"),
                    ("badjson", "invalid JSON"),
                ] {
                    let reply = try await Self.callback(api, "github", code: code, state: state, cookie: cookie)
                    #expect(!reply.success && reply.message.contains(message), "\(code): \(reply.text)")
                }
                let denied = try await api.request(
                    .get, "/api/oauth/github?error=access_denied&error_description=User%20denied&state=\(state)",
                    headers: [.cookie: cookie])
                #expect(denied.message == "User denied")
                #expect(try await fixtures.checkpoint() == before, "a refused callback appended")
            }
        }
    }

    @Test func aSignedInCallbackBindsTheAccountOnce() async throws {
        try await withStandIn(Self.providers) { base in
            try await withRunningServer(configure: Self.configure(base)) { api, fixtures in
                let root = try await fixtures.root()
                try await Self.setOptions(
                    api, root,
                    [
                        ("GitHubClientId", "gh-id"), ("GitHubClientSecret", "gh-secret"),
                        ("GitHubOAuthEnabled", "true"),
                    ])
                let alice = try await fixtures.signedInUser("alice")
                let bob = try await fixtures.signedInUser("bob")
                let (state, cookie) = try await Self.state(api)
                let bind = try await Self.callback(api, "github", code: "good", state: state, cookie: cookie, as: alice)
                #expect(bind.success && bind.message == "Binding successful", "\(bind.text)")
                #expect(bind.object["action"] as? String == "bind")
                #expect(try await api.get("/api/user/self", as: alice).object["github_id"] as? String == "4242")
                let (other, otherCookie) = try await Self.state(api)
                let taken = try await Self.callback(
                    api, "github", code: "good", state: other, cookie: otherCookie, as: bob)
                #expect(!taken.success && taken.message == "This GitHub account has already been bound")
                // Signing in with the bound account is alice.
                let (login, loginCookie) = try await Self.state(api)
                let signIn = try await Self.callback(api, "github", code: "good", state: login, cookie: loginCookie)
                #expect(signIn.object["id"] as? Int == Int(alice.userID), "\(signIn.text)")
            }
        }
    }

    @Test func oidcReadsItsDiscoveryDocumentAndLinuxDOItsTrustLevel() async throws {
        try await withStandIn(Self.providers) { base in
            try await withRunningServer(configure: Self.configure(base)) { api, fixtures in
                let root = try await fixtures.root()
                try await Self.setOptions(
                    api, root,
                    [
                        ("oidc.client_id", "oidc-id"), ("oidc.client_secret", "oidc-secret"), ("oidc.enabled", "true"),
                        ("oidc.well_known", base + "/.well-known/openid-configuration"),
                        ("LinuxDOClientId", "ld-id"), ("LinuxDOClientSecret", "ld-secret"),
                        ("LinuxDOOAuthEnabled", "true"),
                        ("LinuxDOMinimumTrustLevel", "2"),
                    ])
                let (state, cookie) = try await Self.state(api)
                let oidc = try await Self.callback(api, "oidc", code: "good", state: state, cookie: cookie)
                #expect(oidc.success && oidc.object["username"] as? String == "olga", "\(oidc.text)")
                let me = try await api.get("/api/user/self", as: try Self.signedIn(oidc)).object
                #expect(me["oidc_id"] as? String == "oidc-subject-1" && me["display_name"] as? String == "Olga")
                let (ld, ldCookie) = try await Self.state(api)
                let low = try await Self.callback(api, "linuxdo", code: "good", state: ld, cookie: ldCookie)
                #expect(low.message == "Linux DO trust level does not meet the minimum required by administrator")
                try await Self.setOptions(api, root, [("LinuxDOMinimumTrustLevel", "1")])
                let linus = try await Self.callback(api, "linuxdo", code: "good", state: ld, cookie: ldCookie)
                #expect(linus.success && linus.object["username"] as? String == "linus", "\(linus.text)")
                #expect(
                    try await api.get("/api/user/self", as: try Self.signedIn(linus)).object["linux_do_id"] as? String
                        == "77")
            }
        }
    }

    @Test func weChatCodesGoThroughTheConfiguredServer() async throws {
        try await withStandIn(Self.providers) { base in
            try await withRunningServer(configure: Self.configure(base)) { api, fixtures in
                let root = try await fixtures.root()
                #expect(try await api.get("/api/oauth/wechat?code=scan1").message == "管理员未开启通过微信登录以及注册")
                try await Self.setOptions(
                    api, root,
                    [
                        ("WeChatServerAddress", base), ("WeChatServerToken", "wx-token"), ("WeChatAuthEnabled", "true"),
                    ])
                let login = try await api.get("/api/oauth/wechat?code=scan1")
                #expect(login.success && login.object["username"] as? String == "wechat_2", "\(login.text)")
                #expect(login.object["display_name"] as? String == "WeChat User")
                #expect(try await api.get("/api/oauth/wechat?code=expired").message == "验证码错误或已过期")
                let carol = try await fixtures.signedInUser("carol")
                let bind = try await api.post("/api/oauth/wechat/bind", #"{"code":"scan2"}"#, as: carol)
                #expect(bind.success, "\(bind.text)")
                #expect(try await api.get("/api/user/self", as: carol).object["wechat_id"] as? String == "wx-scan2")
                let taken = try await api.get("/api/oauth/wechat/bind?code=scan1", as: carol)
                #expect(!taken.success && taken.message == "该微信账号已被绑定")
                let anonymous = try await api.post("/api/oauth/wechat/bind", #"{"code":"scan3"}"#)
                #expect(anonymous.status == .unauthorized)
                try await Self.setOptions(api, root, [("WeChatServerToken", "wrong")])
                #expect(try await api.get("/api/oauth/wechat?code=scan1").message == "无权进行此操作")
            }
        }
    }

    @Test func telegramChecksTheWidgetHashAndSignsInBoundAccountsOnly() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            try await Self.setOptions(
                api, root, [("TelegramBotToken", Self.botToken), ("TelegramOAuthEnabled", "true")])
            let now = Int64(Date().timeIntervalSince1970)
            let dave = try await fixtures.signedInUser("dave")
            let unbound = try await api.get("/api/oauth/telegram/login?" + Self.widget(id: "555", authDate: now))
            #expect(unbound.message == "该 Telegram 账户未绑定")
            let bind = try await api.get("/api/oauth/telegram/bind?" + Self.widget(id: "555", authDate: now), as: dave)
            #expect(bind.status == .found && bind.headers[.location] == "/profile", "\(bind.status) \(bind.text)")
            let login = try await api.get("/api/oauth/telegram/login?" + Self.widget(id: "555", authDate: now))
            #expect(login.success && login.object["id"] as? Int == Int(dave.userID), "\(login.text)")
            let forged = Self.widget(id: "555", authDate: now).replacingOccurrences(of: "id=555", with: "id=556")
            #expect(try await api.get("/api/oauth/telegram/login?" + forged).message == "无效的请求")
            let stale = Self.widget(id: "555", authDate: now - 600)
            #expect(try await api.get("/api/oauth/telegram/login?" + stale).message == "无效的请求")
            let wrongBot = Self.widget(id: "555", authDate: now, botToken: "other")
            #expect(try await api.get("/api/oauth/telegram/login?" + wrongBot).message == "无效的请求")
            let erin = try await fixtures.signedInUser("erin")
            let taken = try await api.get("/api/oauth/telegram/bind?" + Self.widget(id: "555", authDate: now), as: erin)
            #expect(taken.message == "该 Telegram 账户已被绑定")
            #expect(!(try await api.get("/api/option/", as: root).text.contains(Self.botToken)))
        }
    }

    // MARK: - Helpers

    /// A state and the cookie that carries it.
    static func state(_ api: APIClient, aff: String = "") async throws -> (String, String) {
        let reply = try await api.get("/api/oauth/state?aff=\(aff)")
        guard let state = reply.data as? String, state.count == 12,
            let setCookie = reply.headers[.setCookie], setCookie.hasPrefix("oauth_state=")
        else { throw TestFailure("no state: \(reply.text)") }
        return (state, String(setCookie.prefix { $0 != ";" }))
    }

    static func callback(
        _ api: APIClient, _ provider: String, code: String, state: String, cookie: String, as identity: Identity? = nil
    ) async throws -> APIResponse {
        var cookies = cookie
        if let session = identity?.cookie { cookies += "; session=\(session)" }
        return try await api.request(
            .get, "/api/oauth/\(provider)?code=\(code)&state=\(state)", headers: [.cookie: cookies])
    }

    /// The identity a login reply's session cookie gives.
    static func signedIn(_ reply: APIResponse) throws -> Identity {
        guard let id = (reply.object["id"] as? NSNumber)?.int64Value,
            let setCookie = reply.headers[values: .setCookie].first(where: { $0.hasPrefix("session=") })
        else { throw TestFailure("not signed in: \(reply.text)") }
        return Identity(userID: id, cookie: String(setCookie.dropFirst(8).prefix { $0 != ";" }))
    }

    /// The query of Telegram's login widget for `id`, signed with `botToken`.
    static func widget(id: String, authDate: Int64, botToken: String = OAuthTests.botToken) -> String {
        let fields = [("id", id), ("first_name", "Tele"), ("username", "tele_user"), ("auth_date", String(authDate))]
        let text = fields.map { "\($0.0)=\($0.1)" }.sorted().joined(separator: "\n")
        let hash = MessageAuthenticator(sha256Of: botToken).code(for: text)
        return (fields + [("hash", hash)]).map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}
