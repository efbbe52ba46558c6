import CCrypto

/// libcrypto for the layers above the store, which cannot see the `CCrypto` shim: one-shot
/// SHA-256, HMAC-SHA256, AES-256-GCM (sealed layout: 12-byte nonce ‖ ciphertext ‖ 16-byte tag)
/// and the CSPRNG. Every call builds its own context, so all are safe from any thread.
public enum LibCrypto {
    public enum Failure: Error, Sendable { case cipher, tampered }

    /// The SHA-256 digest (32 bytes) of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        SHA256Hasher.hash(bytes).bytes
    }

    /// The HMAC-SHA256 (32 bytes) of `message` under `key`.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = HMAC(EVP_sha256(), key, Int32(key.count), message, message.count, &mac, &length)
        return mac
    }

    /// The MD5 digest (16 bytes) of `bytes`: only for outside protocols that demand it (epay's
    /// signature), never for anything OneLedger itself must trust.
    public static func md5(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        _ = EVP_Digest(bytes, bytes.count, &digest, &length, EVP_md5(), nil)
        return digest
    }

    /// Compares in time that depends only on the length, for MACs.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && CRYPTO_memcmp(a, b, a.count) == 0
    }

    /// `count` bytes from libcrypto's CSPRNG (`RAND_bytes`).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        // RAND_bytes fails only when the system cannot seed it; nothing random is safe then.
        precondition(RAND_bytes(&bytes, Int32(count)) == 1, "libcrypto's random generator failed")
        return bytes
    }

    // `EVP_CTRL_AEAD_*` of openssl/evp.h (macros Swift does not import).
    private static let setIVLength: Int32 = 0x9
    private static let getTag: Int32 = 0x10
    private static let setTag: Int32 = 0x11

    /// AES-256-GCM under a 32-byte key with a fresh random nonce: nonce ‖ ciphertext ‖ tag.
    public static func sealAES256GCM(_ input: [UInt8], key: [UInt8]) throws(Failure) -> [UInt8] {
        let nonce = randomBytes(12)
        guard let context = EVP_CIPHER_CTX_new() else { throw .cipher }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var length: Int32 = 0
        var tag = [UInt8](repeating: 0, count: 16)
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(context, setIVLength, 12, nil) == 1,
            EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1,
            EVP_EncryptUpdate(context, &output, &length, input, Int32(input.count)) == 1
        else { throw .cipher }
        var final: Int32 = 0
        guard
            output.withUnsafeMutableBufferPointer({
                EVP_EncryptFinal_ex(context, $0.baseAddress! + Int(length), &final)
            }) == 1,
            EVP_CIPHER_CTX_ctrl(context, getTag, 16, &tag) == 1
        else { throw .cipher }
        return nonce + output.prefix(Int(length + final)) + tag
    }

    /// Opens what `sealAES256GCM` sealed; `.tampered` when the tag does not match.
    public static func openAES256GCM(_ sealed: [UInt8], key: [UInt8]) throws(Failure) -> [UInt8] {
        guard sealed.count >= 28 else { throw .tampered }
        let nonce = Array(sealed.prefix(12))
        var tag = Array(sealed.suffix(16))
        let cipher = Array(sealed[12..<(sealed.count - 16)])
        guard let context = EVP_CIPHER_CTX_new() else { throw .cipher }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: cipher.count + 16)
        var length: Int32 = 0
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(context, setIVLength, 12, nil) == 1,
            EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1,
            EVP_DecryptUpdate(context, &output, &length, cipher, Int32(cipher.count)) == 1,
            EVP_CIPHER_CTX_ctrl(context, setTag, 16, &tag) == 1
        else { throw .cipher }
        var final: Int32 = 0
        guard
            output.withUnsafeMutableBufferPointer({
                EVP_DecryptFinal_ex(context, $0.baseAddress! + Int(length), &final)
            }) == 1
        else { throw .tampered }
        return Array(output.prefix(Int(length + final)))
    }
}

/// A `RandomNumberGenerator` over libcrypto's CSPRNG, for uniform picks (`next(upperBound:)`).
public struct CryptoRandom: RandomNumberGenerator {
    public init() {}

    public mutating func next() -> UInt64 {
        LibCrypto.randomBytes(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
