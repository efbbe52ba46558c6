import CCrypto
import Foundation

/// Seals secrets (token, redemption and channel keys) with AES-256-GCM through libcrypto before
/// they enter a command, so the ledger and the read models only ever hold the sealed bytes:
/// a 12-byte random nonce, the ciphertext, and the 16-byte tag. Lookups use `fingerprint`.
///
/// Thread-safe: every call builds its own cipher context.
struct SecretSealer: Sendable {
    private let key: [UInt8]

    /// - Parameter key: 32 bytes (`ONELEDGER_SECRET_KEY` or `DIR/secret.key`).
    init(key: [UInt8]) {
        precondition(key.count == 32, "the sealing key has 32 bytes")
        self.key = key
    }

    enum Failure: Error { case cipher, tampered }

    // `EVP_CTRL_AEAD_*` of openssl/evp.h (macros Swift does not import).
    private static let setIVLength: Int32 = 0x9
    private static let getTag: Int32 = 0x10
    private static let setTag: Int32 = 0x11

    func seal(_ plain: String) throws -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: 12)
        guard RAND_bytes(&nonce, 12) == 1 else { throw Failure.cipher }
        guard let context = EVP_CIPHER_CTX_new() else { throw Failure.cipher }
        defer { EVP_CIPHER_CTX_free(context) }
        let input = Array(plain.utf8)
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var length: Int32 = 0
        var tag = [UInt8](repeating: 0, count: 16)
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(context, Self.setIVLength, 12, nil) == 1,
            EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1,
            EVP_EncryptUpdate(context, &output, &length, input, Int32(input.count)) == 1
        else { throw Failure.cipher }
        var final: Int32 = 0
        guard output.withUnsafeMutableBufferPointer({ EVP_EncryptFinal_ex(context, $0.baseAddress! + Int(length), &final) }) == 1,
            EVP_CIPHER_CTX_ctrl(context, Self.getTag, 16, &tag) == 1
        else { throw Failure.cipher }
        return nonce + output.prefix(Int(length + final)) + tag
    }

    func open(_ sealed: [UInt8]) throws -> String {
        guard sealed.count >= 28 else { throw Failure.tampered }
        let nonce = Array(sealed.prefix(12))
        var tag = Array(sealed.suffix(16))
        let cipher = Array(sealed[12..<(sealed.count - 16)])
        guard let context = EVP_CIPHER_CTX_new() else { throw Failure.cipher }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: cipher.count + 16)
        var length: Int32 = 0
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(context, Self.setIVLength, 12, nil) == 1,
            EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1,
            EVP_DecryptUpdate(context, &output, &length, cipher, Int32(cipher.count)) == 1,
            EVP_CIPHER_CTX_ctrl(context, Self.setTag, 16, &tag) == 1
        else { throw Failure.cipher }
        var final: Int32 = 0
        guard output.withUnsafeMutableBufferPointer({ EVP_DecryptFinal_ex(context, $0.baseAddress! + Int(length), &final) }) == 1
        else { throw Failure.tampered }
        return String(decoding: output.prefix(Int(length + final)), as: UTF8.self)
    }

    /// Opens a sealed key for its owner; a row that does not open shows as empty.
    func openOrEmpty(_ sealed: Data) -> String { (try? open([UInt8](sealed))) ?? "" }

    /// The SHA-256 (hex) under which a key is found; not a secret (the keys carry ≥ 128 bits).
    static func fingerprint(_ key: String) -> String { RandomCodes.fingerprint(key) }
}
