import Crypto
import Foundation
import Projections

/// Random strings the gateway generates before a command (decide stays pure): access tokens
/// (32 characters of `[0-9A-Za-z]`), invitation codes (4 characters) and their fingerprints.
enum RandomCodes {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func alphanumeric(_ length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    static func accessToken() -> String { alphanumeric(32) }

    /// A redemption key: 32 lowercase hex digits (128 random bits), as New API's UUID without dashes.
    static func redemptionKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        }.joined()
    }

    static func affCodeCandidates() -> [String] { (0..<8).map { _ in alphanumeric(4) } }

    /// The SHA-256 (hex) under which an access token is stored and looked up.
    static func fingerprint(_ token: String) -> String {
        Data(SHA256.hash(data: Data(token.utf8))).hexString
    }

    static func secret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
