import EventStore
import Foundation

/// The keys kept in the data folder when the environment gives none: `DIR/secret.key` (the
/// 32-byte sealing key) and `DIR/session.key` (the session HMAC key, so sessions survive
/// restarts). A missing or unusable file is replaced by 32 random bytes, written with mode 0600.
public enum KeyFile {
    /// The sealing key of `directory`.
    public static func sealingKey(in directory: String) throws -> [UInt8] {
        try loadOrCreate(directory + "/secret.key") { $0 == 32 }
    }

    /// The session key of `directory`.
    public static func sessionKey(in directory: String) throws -> [UInt8] {
        try loadOrCreate(directory + "/session.key") { $0 >= 32 }
    }

    /// The 32-byte sealing key an operator gave as text (`ONELEDGER_SECRET_KEY`): 64 hex digits,
    /// or any other text hashed with SHA-256.
    public static func sealingKey(fromText text: String) -> [UInt8] {
        if text.utf8.count == 64, let bytes = Hex.decode(text) { return bytes }
        return LibCrypto.sha256(Array(text.utf8))
    }

    private static func loadOrCreate(_ path: String, usable: (Int) -> Bool) throws -> [UInt8] {
        if let data = FileManager.default.contents(atPath: path), usable(data.count) { return [UInt8](data) }
        let secret = RandomCodes.secret()
        guard
            FileManager.default.createFile(atPath: path, contents: Data(secret), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        return secret
    }
}
