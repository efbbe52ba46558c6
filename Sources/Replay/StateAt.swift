public import Engine
public import Ledger
public import Projections

/// Point-in-time state (`GET /api/ledger/state/{user|token|channel}/:id?at=…`): the entity's
/// events up to the moment, found through the `entity_events` index and folded by the same
/// projections as the live read models into a scratch in-memory copy, which the gateway then
/// answers from with the entity's own GET route code. The cost is that entity's events up to
/// the moment, never the ledger's.
public enum StateAt {
    public enum Kind: String, Sendable, CaseIterable {
        case user, token, channel

        var projection: String {
            switch self {
            case .user: "users"
            case .token: "tokens"
            case .channel: "channels"
            }
        }

        func entity(_ id: Int64) -> EntityRef {
            switch self {
            case .user: .user(id)
            case .token: .token(id)
            case .channel: .channel(id)
            }
        }
    }

    /// The scratch read models at the moment, the last seq they include and the moment's Unix time.
    public struct Moment: Sendable {
        public var readModels: ReadModels
        public var seq: UInt64
        public var seconds: Int64
        public var events: Int
    }

    /// Folds `kind` `id` as it stood at `at`; `now` (Unix seconds) is the time of `.now`.
    public static func fold(engine: Engine, kind: Kind, id: Int64, at: AuditPoint, now: Int64) async throws -> Moment {
        let seq = try at.lastSeq(engine)
        let (readModels, events) = try await engine.fold(
            kind.entity(id), through: seq, projections: [kind.projection])
        let seconds: Int64 =
            switch at {
            case .now: now
            case .time(let seconds): seconds
            case .seq(let seq): seq == 0 ? 0 : (try engine.events(seqs: [seq]).first?.seconds ?? now)
            }
        return Moment(readModels: readModels, seq: min(seq, engine.head.seq), seconds: seconds, events: events)
    }
}
