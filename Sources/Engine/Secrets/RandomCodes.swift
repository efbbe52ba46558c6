import EventStore

/// Random strings the gateway generates before a command (decide stays pure), all from
/// libcrypto's CSPRNG: access tokens (32 characters of `[0-9A-Za-z]`), token keys, redemption
/// keys, invitation codes (4 characters), e-mail codes and reset tokens, key-file secrets, and the
/// fingerprints of codes.
public enum RandomCodes {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// `length` characters of `[0-9A-Za-z]`, each uniformly chosen.
    public static func alphanumeric(_ length: Int) -> String {
        var generator = CryptoRandom()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    public static func accessToken() -> String { alphanumeric(32) }

    /// A redemption key: 32 lowercase hex digits (128 random bits), as New API's UUID without dashes.
    public static func redemptionKey() -> String { Hex.encode(LibCrypto.randomBytes(16)) }

    /// `length` lowercase hex digits (1–32), as New API's `GenerateVerificationCode` cuts a
    /// dashless UUID: e-mail codes (6), reset tokens (32), reset passwords (12).
    public static func hexCode(_ length: Int) -> String {
        String(Hex.encode(LibCrypto.randomBytes(16)).prefix(max(1, min(length, 32))))
    }

    /// The MD5 (lowercase hex) of `text`'s UTF-8: only for outside protocols that demand it
    /// (epay's signature).
    public static func md5Hex(_ text: String) -> String { Hex.encode(LibCrypto.md5(Array(text.utf8))) }

    public static func affCodeCandidates() -> [String] { (0..<8).map { _ in alphanumeric(4) } }

    /// The SHA-256 (hex) under which an access token or a key is stored and looked up.
    public static func fingerprint(_ code: String) -> String {
        Hex.encode(LibCrypto.sha256(Array(code.utf8)))
    }

    /// 32 random bytes: a new sealing or session key.
    public static func secret() -> [UInt8] { LibCrypto.randomBytes(32) }
}
