import CCrypto

/// SHA-256 through libcrypto, fed in pieces; the hash chain's only primitive.
struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    consuming func finish() -> ChainHash {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return ChainHash(bytes: digest)
    }

    static func hash(_ bytes: [UInt8]) -> ChainHash {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finish()
    }
}

/// A 32-byte link of the hash chain. The chain starts from 32 zero bytes.
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a chain hash has 32 bytes")
        self.bytes = bytes
    }

    public static let zero = ChainHash(bytes: [UInt8](repeating: 0, count: 32))

    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }
}
