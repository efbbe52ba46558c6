import Engine
import NIOCore
import Projections
import Synchronization

/// Answers of hot reads (the encoded `/api/status`, users by id and by token fingerprint),
/// valid for one writer generation: the read models change only when a batch commits, so an
/// entry taken under the current generation is exactly what a fresh read would return. Role
/// and status are therefore still "re-read from the read model" on every request.
final class ReadCache: Sendable {
    let engine: Engine
    private let state = Mutex(State())
    static let maxUsers = 10_000

    struct State {
        var generation: UInt64 = .max
        var status: ByteBuffer?
        var usersByID: [Int64: UserRecord] = [:]
        var usersByToken: [String: UserRecord] = [:]
        var selfBodies: [Int64: (UserRecord, ByteBuffer)] = [:]
    }

    init(engine: Engine) {
        self.engine = engine
    }

    /// Runs `body` on the state of `generation`, emptying it first when the generation moved.
    private func withState<T>(_ generation: UInt64, _ body: (inout State) -> T) -> T {
        state.withLock { state in
            if state.generation != generation { state = State(generation: generation) }
            return body(&state)
        }
    }

    func status(_ load: () async throws -> ByteBuffer) async throws -> ByteBuffer {
        let generation = engine.generation
        if let cached = withState(generation, { $0.status }) { return cached }
        let fresh = try await load()
        withState(generation) { $0.status = fresh }
        return fresh
    }

    func user(id: Int64, _ load: () async throws -> UserRecord?) async throws -> UserRecord? {
        let generation = engine.generation
        if let cached = withState(generation, { $0.usersByID[id] }) { return cached }
        guard let fresh = try await load() else { return nil }
        withState(generation) {
            if $0.usersByID.count >= Self.maxUsers { $0.usersByID.removeAll() }
            $0.usersByID[id] = fresh
        }
        return fresh
    }

    /// The encoded `GET /api/user/self` answer of `user`: a function of the row alone, so an
    /// entry is reused only for an identical row.
    func selfBody(_ user: UserRecord, _ make: (UserRecord) -> ByteBuffer) -> ByteBuffer {
        let generation = engine.generation
        if let cached = withState(generation, { $0.selfBodies[user.id] }), cached.0 == user { return cached.1 }
        let fresh = make(user)
        withState(generation) {
            if $0.selfBodies.count >= Self.maxUsers { $0.selfBodies.removeAll() }
            $0.selfBodies[user.id] = (user, fresh)
        }
        return fresh
    }

    func user(token: String, _ load: () async throws -> UserRecord?) async throws -> UserRecord? {
        let generation = engine.generation
        if let cached = withState(generation, { $0.usersByToken[token] }) { return cached }
        guard let fresh = try await load() else { return nil }
        withState(generation) {
            if $0.usersByToken.count >= Self.maxUsers { $0.usersByToken.removeAll() }
            $0.usersByToken[token] = fresh
        }
        return fresh
    }
}
