import Foundation
import Projections

/// The session key kept in the data folder (`DIR/session.key`, mode 0600) when `SESSION_SECRET`
/// is not given, so that sessions survive restarts.
enum SessionSecretFile {
    static func loadOrCreate(in directory: String) throws -> [UInt8] {
        let path = directory + "/session.key"
        if let data = FileManager.default.contents(atPath: path), data.count >= 32 { return [UInt8](data) }
        let secret = RandomCodes.secret()
        guard FileManager.default.createFile(atPath: path, contents: Data(secret), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        return secret
    }
}
