import Engine
import Foundation
import Hummingbird
import NIOHTTP1
import Projections
import Synchronization

/// The Cloudflare Turnstile check of docs/api.md (Turnstile) on login, register, e-mail
/// verification and password reset: when `TurnstileCheckEnabled` is on, `?turnstile=<token>` must
/// verify at the configured siteverify URL with the sealed `TurnstileSecretKey`. A token that
/// passed is honoured again for five minutes (New API marks the session instead), since the
/// console sends the same token on its next calls.
struct TurnstileCheck: Sendable {
    /// Cloudflare's siteverify endpoint; `TURNSTILE_VERIFY_URL` replaces it.
    static let cloudflare = "https://challenges.cloudflare.com/turnstile/v0/siteverify"
    static let passValidity: Int64 = 300

    let options: OptionQueries
    let secret: @Sendable (String) async throws -> String
    let verifyURL: String
    let clock: WallClock
    var http = OutboundHTTP()
    let passed: Passes

    /// Fingerprints of tokens that verified, with the time they did.
    final class Passes: Sendable {
        let times = Mutex<[String: Int64]>([:])
    }

    /// Returns when the request may go on; throws the refusal otherwise.
    func check(_ request: Request, clientIP: String) async throws {
        guard try await options.value("TurnstileCheckEnabled") == "true" else { return }
        let token = request.uri.queryParameters["turnstile"].map(String.init) ?? ""
        guard !token.isEmpty else { throw APIError.refused("Turnstile token 为空") }
        let fingerprint = RandomCodes.fingerprint(token)
        let now = clock.seconds
        let known = passed.times.withLock { times in
            times = times.filter { now - $0.value < Self.passValidity }
            return times[fingerprint] != nil
        }
        if known { return }
        guard token.utf8.count <= 4096 else { throw APIError.refused("Turnstile 校验失败，请刷新重试！") }
        let body = OutboundHTTP.form([
            ("secret", try await secret("TurnstileSecretKey")), ("response", token), ("remoteip", clientIP),
        ])
        struct Answer: Decodable { var success: Bool }
        let answer: Answer
        do {
            let response = try await http.send(
                .POST, verifyURL, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
            answer = try response.decode(Answer.self, host: URL(string: verifyURL)?.host ?? verifyURL)
        } catch {
            throw APIError.refused(error.message)
        }
        guard answer.success else { throw APIError.refused("Turnstile 校验失败，请刷新重试！") }
        passed.times.withLock { $0[fingerprint] = now }
    }
}
