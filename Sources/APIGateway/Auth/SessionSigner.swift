import Crypto
import Foundation
import Projections
import Synchronization

/// Signs and checks the `session` cookie: `<user id>.<issued at>.<HMAC-SHA256 hex>`. The
/// cookie only names the user; role and status are read from the read model on every request.
struct SessionSigner: Sendable {
    static let cookieName = "session"
    /// 30 days, as New API's cookie store.
    static let lifetime = 2_592_000
    let secret: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: secret) }
    let verified = VerifiedCookies()

    init(secret: [UInt8]) {
        self.secret = secret
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
        guard let given = Data(hexString: String(parts[2])),
            HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data(payload.utf8), using: key)
        else { return nil }
        let claim = VerifiedCookies.Claim(userID: id, issuedAt: issuedAt)
        verified.remember(String(value), claim)
        return claim
    }

    private func signature(_ payload: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)
        return Data(mac).hexString
    }
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

extension Data {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }

    init?(hexString: String) {
        guard hexString.utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hexString.utf8.count / 2)
        var iterator = hexString.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = Self.nibble(high), let l = Self.nibble(low) else { return nil }
            bytes.append(h << 4 | l)
        }
        self.init(bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
