import EventStore
public import Foundation

/// Seals secrets (token, redemption and channel keys, secret options) with AES-256-GCM before
/// they enter a command, so the ledger and the read models only ever hold the sealed bytes:
/// a 12-byte random nonce, the ciphertext, and the 16-byte tag. Lookups use `fingerprint`.
///
/// Thread-safe: every call builds its own cipher context.
public struct SecretSealer: Sendable {
    private let key: [UInt8]

    /// - Parameter key: 32 bytes (`ONELEDGER_SECRET_KEY` or `DIR/secret.key`).
    public init(key: [UInt8]) {
        precondition(key.count == 32, "the sealing key has 32 bytes")
        self.key = key
    }

    public func seal(_ plain: String) throws -> [UInt8] {
        try LibCrypto.sealAES256GCM(Array(plain.utf8), key: key)
    }

    public func open(_ sealed: [UInt8]) throws -> String {
        String(decoding: try LibCrypto.openAES256GCM(sealed, key: key), as: UTF8.self)
    }

    /// Opens a sealed key for its owner; a row that does not open shows as empty.
    public func openOrEmpty(_ sealed: Data) -> String { (try? open([UInt8](sealed))) ?? "" }

    /// The SHA-256 (hex) under which a key is found; not a secret (the keys carry ≥ 128 bits).
    public static func fingerprint(_ key: String) -> String { RandomCodes.fingerprint(key) }
}
