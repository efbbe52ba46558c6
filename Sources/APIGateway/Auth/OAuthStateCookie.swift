import Engine
import Hummingbird

/// The OAuth state of `GET /api/oauth/state`, kept with the invitation code in the signed
/// `oauth_state` cookie (`<state>.<aff>.<issued at>.<HMAC>`, under the session key), as New API
/// keeps both in its session: the callback must bring the same state from the same browser
/// within 30 minutes.
struct OAuthStateCookie: Sendable {
    static let name = "oauth_state"
    static let lifetime: Int64 = 1800
    let authenticator: MessageAuthenticator

    struct Stored: Equatable {
        var state: String
        var aff: String
    }

    init(sessions: SessionSigner) {
        authenticator = sessions.authenticator
    }

    /// A new state with `aff` (kept only when it is 1–32 characters of `[0-9A-Za-z]`), and its cookie.
    func issue(aff: String, now: Int64) -> (state: String, cookie: Cookie) {
        let state = RandomCodes.alphanumeric(12)
        let aff = aff.count <= 32 && aff.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) ? aff : ""
        let payload = "oauth.\(state).\(aff).\(now)"
        let value = "\(state).\(aff).\(now).\(authenticator.code(for: payload))"
        return (
            state,
            Cookie(
                name: Self.name, value: value, maxAge: Int(Self.lifetime), path: "/", httpOnly: true, sameSite: .strict)
        )
    }

    /// The state and code of a valid, unexpired cookie.
    func read(_ request: Request, now: Int64) -> Stored? {
        guard let value = request.cookies[Self.name]?.value else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, let issued = Int64(parts[2]), now - issued <= Self.lifetime, issued <= now + 60 else {
            return nil
        }
        let payload = "oauth.\(parts[0]).\(parts[1]).\(parts[2])"
        guard authenticator.isValid(parts[3], for: payload) else { return nil }
        return Stored(state: String(parts[0]), aff: String(parts[1]))
    }

    /// Forgets the state once a callback used it.
    static var cleared: Cookie {
        Cookie(name: name, value: "", maxAge: -1, path: "/", httpOnly: true, sameSite: .strict)
    }
}
