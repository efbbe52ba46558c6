import Engine
import Synchronization

/// Signs and checks the `session` cookie: `<user id>.<issued at>.<HMAC-SHA256 hex>`. The
/// cookie only names the user; role and status are read from the read model on every request.
struct SessionSigner: Sendable {
    static let cookieName = "session"
    /// 30 days, as New API's cookie store.
    static let lifetime = 2_592_000
    let authenticator: MessageAuthenticator
    let verified = VerifiedCookies()

    init(secret: [UInt8]) {
        authenticator = MessageAuthenticator(key: secret)
    }

    func value(userID: Int64, issuedAt: Int64) -> String {
        let payload = "\(userID).\(issuedAt)"
        return payload + "." + signature(payload)
    }

    /// The user id of a valid, unexpired cookie value.
    func userID(from value: Substring, now: Int64) -> Int64? {
        let claim = verified.claim(of: value) ?? verify(value)
        guard let claim, claim.issuedAt <= now + 60, now - claim.issuedAt < Int64(Self.lifetime) else { return nil }
        return claim.userID
    }

    /// Checks the signature of a cookie not seen before; a valid one is remembered.
    private func verify(_ value: Substring) -> VerifiedCookies.Claim? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let id = Int64(parts[0]), let issuedAt = Int64(parts[1]) else { return nil }
        let payload = "\(parts[0]).\(parts[1])"
        guard authenticator.isValid(parts[2], for: payload) else { return nil }
        let claim = VerifiedCookies.Claim(userID: id, issuedAt: issuedAt)
        verified.remember(String(value), claim)
        return claim
    }

    private func signature(_ payload: String) -> String { authenticator.code(for: payload) }
}

/// Cookie values whose signature already checked out, so a signed-in client's every request
/// costs one dictionary lookup instead of an HMAC. Only valid values enter; expiry is still
/// checked per request; the table is emptied when it reaches `capacity`.
final class VerifiedCookies: Sendable {
    struct Claim: Sendable {
        var userID: Int64
        var issuedAt: Int64
    }

    static let capacity = 10_000
    private let claims = Mutex<[Substring: Claim]>([:])

    func claim(of value: Substring) -> Claim? {
        claims.withLock { $0[value] }
    }

    func remember(_ value: String, _ claim: Claim) {
        claims.withLock { claims in
            if claims.count >= Self.capacity { claims.removeAll() }
            claims[Substring(value)] = claim
        }
    }
}
