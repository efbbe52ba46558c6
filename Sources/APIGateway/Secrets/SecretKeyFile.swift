import Crypto
import Foundation

/// The sealing key: from `ONELEDGER_SECRET_KEY` (64 hex digits, or any other text hashed with
/// SHA-256) or else `DIR/secret.key`, created with mode 0600 on first start.
public enum SecretKeyFile {
    static func loadOrCreate(in directory: String) throws -> [UInt8] {
        let path = directory + "/secret.key"
        if let data = FileManager.default.contents(atPath: path), data.count == 32 { return [UInt8](data) }
        let secret = RandomCodes.secret()
        guard FileManager.default.createFile(atPath: path, contents: Data(secret), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        return secret
    }

    /// The 32-byte key an operator gave as text.
    public static func key(fromText text: String) -> [UInt8] {
        let hex = Array(text.utf8)
        if hex.count == 64, let bytes = decodeHex(hex) { return bytes }
        return Array(SHA256.hash(data: Data(text.utf8)))
    }

    private static func decodeHex(_ digits: [UInt8]) -> [UInt8]? {
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
