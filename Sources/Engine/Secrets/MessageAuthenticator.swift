import EventStore

/// HMAC-SHA256 under one key, as lowercase hex: what signs and checks session cookies.
public struct MessageAuthenticator: Sendable {
    private let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
    }

    /// Keyed by the SHA-256 of `secret`: how Telegram's login widget signs its fields with the
    /// bot token.
    public init(sha256Of secret: String) {
        self.key = LibCrypto.sha256(Array(secret.utf8))
    }

    /// The 64 hex digits of the MAC of `message`.
    public func code(for message: String) -> String {
        Hex.encode(LibCrypto.hmacSHA256(key: key, message: Array(message.utf8)))
    }

    /// Whether `code` (hex, either case) is the MAC of `message`, compared in constant time.
    public func isValid(_ code: some StringProtocol, for message: String) -> Bool {
        guard let given = Hex.decode(code) else { return false }
        return LibCrypto.constantTimeEqual(given, LibCrypto.hmacSHA256(key: key, message: Array(message.utf8)))
    }
}
