import Foundation
import Ledger
import NIOHTTP1

/// The authorization-code providers of `GET /api/oauth/{provider}`: GitHub, OIDC (its
/// endpoints from the discovery document at `oidc.well_known`, else from the options) and
/// Linux DO. Each exchanges the code for an access token, then reads the account.
enum OAuthProvider: String, Sendable {
    case github
    case oidc
    case linuxdo

    var binding: UserBinding {
        switch self {
        case .github: .github
        case .oidc: .oidc
        case .linuxdo: .linuxDo
        }
    }

    /// The option that switches the provider on.
    var enabledOption: String {
        switch self {
        case .github: "GitHubOAuthEnabled"
        case .oidc: "oidc.enabled"
        case .linuxdo: "LinuxDOOAuthEnabled"
        }
    }

    var clientIDOption: String {
        switch self {
        case .github: "GitHubClientId"
        case .oidc: "oidc.client_id"
        case .linuxdo: "LinuxDOClientId"
        }
    }

    var clientSecretOption: String {
        switch self {
        case .github: "GitHubClientSecret"
        case .oidc: "oidc.client_secret"
        case .linuxdo: "LinuxDOClientSecret"
        }
    }

    var notEnabled: String { "\(binding.displayName) login and registration has not been enabled by administrator" }
}

/// A provider's account as its user endpoint describes it.
struct ProviderAccount: Sendable, Equatable {
    var id: String
    var username = ""
    var displayName = ""
    var email = ""
    /// Linux DO's trust level.
    var trustLevel = 0
}

/// What one code exchange needs: the client credentials, the redirect address the console
/// used, and where the provider's endpoints are.
struct OAuthExchange: Sendable {
    var http: OutboundHTTP
    var clientID: String
    var clientSecret: String
    /// `<ServerAddress>/oauth/<provider>`.
    var redirectURI: String
    var endpoints: OutboundConfiguration
    /// `oidc.well_known`, `oidc.token_endpoint`, `oidc.user_info_endpoint`.
    var oidcOptions: [String: String] = [:]

    func account(_ provider: OAuthProvider, code: String) async throws -> ProviderAccount {
        switch provider {
        case .github: try await github(code)
        case .oidc: try await oidc(code)
        case .linuxdo: try await linuxDo(code)
        }
    }

    private struct TokenAnswer: Decodable {
        var access_token: String?
        var error: String?
        var error_description: String?
    }

    private func token(_ answer: TokenAnswer, provider: String) throws -> String {
        guard let token = answer.access_token, !token.isEmpty else {
            throw APIError.refused(
                answer.error_description ?? answer.error.map { "\(provider): \($0)" }
                    ?? "\(provider) returned no access token")
        }
        return token
    }

    private func github(_ code: String) async throws -> ProviderAccount {
        struct User: Decodable {
            var id: Int64?
            var login: String?
            var name: String?
            var email: String?
        }
        let body = try JSONEncoder().encode(["client_id": clientID, "client_secret": clientSecret, "code": code])
        let answer: TokenAnswer = try await http.json(
            .POST, endpoints.githubTokenURL,
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")], body: Array(body))
        let access = try token(answer, provider: "GitHub")
        let user: User = try await http.getJSON(
            endpoints.githubUserURL,
            headers: [
                ("Authorization", "Bearer \(access)"), ("Accept", "application/json"), ("User-Agent", "OneLedger"),
            ])
        guard let id = user.id, let login = user.login, !login.isEmpty else {
            throw APIError.refused("GitHub returned an account without id or login")
        }
        return ProviderAccount(id: String(id), username: login, displayName: user.name ?? "", email: user.email ?? "")
    }

    private func oidc(_ code: String) async throws -> ProviderAccount {
        struct Discovery: Decodable {
            var token_endpoint: String?
            var userinfo_endpoint: String?
        }
        struct User: Decodable {
            var sub: String?
            var preferred_username: String?
            var name: String?
            var email: String?
        }
        var tokenEndpoint = oidcOptions["oidc.token_endpoint"] ?? ""
        var userEndpoint = oidcOptions["oidc.user_info_endpoint"] ?? ""
        if let wellKnown = oidcOptions["oidc.well_known"], !wellKnown.isEmpty {
            let discovery: Discovery = try await http.getJSON(wellKnown, headers: [("Accept", "application/json")])
            tokenEndpoint = discovery.token_endpoint ?? tokenEndpoint
            userEndpoint = discovery.userinfo_endpoint ?? userEndpoint
        }
        guard !tokenEndpoint.isEmpty, !userEndpoint.isEmpty else {
            throw APIError.refused("OIDC token or user info endpoint is not configured")
        }
        let answer: TokenAnswer = try await http.json(
            .POST, tokenEndpoint,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: OutboundHTTP.form([
                ("client_id", clientID), ("client_secret", clientSecret), ("code", code),
                ("grant_type", "authorization_code"), ("redirect_uri", redirectURI),
            ]))
        let access = try token(answer, provider: "OIDC")
        let user: User = try await http.getJSON(
            userEndpoint, headers: [("Authorization", "Bearer \(access)"), ("Accept", "application/json")])
        guard let sub = user.sub, !sub.isEmpty else { throw APIError.refused("OIDC returned an account without sub") }
        return ProviderAccount(
            id: sub, username: user.preferred_username ?? "", displayName: user.name ?? "", email: user.email ?? "")
    }

    private func linuxDo(_ code: String) async throws -> ProviderAccount {
        struct User: Decodable {
            var id: Int64?
            var username: String?
            var name: String?
            var active: Bool?
            var trust_level: Int?
        }
        let basic = Data("\(clientID):\(clientSecret)".utf8).base64EncodedString()
        let answer: TokenAnswer = try await http.json(
            .POST, endpoints.linuxDoTokenURL,
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
                ("Authorization", "Basic \(basic)"),
            ],
            body: OutboundHTTP.form([
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ]))
        let access = try token(answer, provider: "Linux DO")
        let user: User = try await http.getJSON(
            endpoints.linuxDoUserURL, headers: [("Authorization", "Bearer \(access)"), ("Accept", "application/json")])
        guard let id = user.id, let username = user.username, !username.isEmpty else {
            throw APIError.refused("Linux DO returned an account without id or username")
        }
        if user.active == false { throw APIError.refused("The Linux DO account is not active") }
        return ProviderAccount(
            id: String(id), username: username, displayName: user.name ?? "", trustLevel: user.trust_level ?? 0)
    }
}
