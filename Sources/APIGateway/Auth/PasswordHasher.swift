import HummingbirdBcrypt
import NIOPosix
import Projections

/// bcrypt on NIO's thread pool, never on the cooperative pool (hummingbird-auth's advice).
struct PasswordHasher: Sendable {
    let cost: UInt8

    func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { [cost] in Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        guard !hash.isEmpty else { return false }
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
