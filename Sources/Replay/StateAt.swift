public import Engine
public import Ledger
public import Projections

/// Point-in-time state (`GET /api/ledger/state/{user|token|channel}/:id?at=…`): the entity's
/// newest snapshot at or before the moment (`entity_snapshots`) restored into a scratch
/// in-memory copy of the read models, then its events after the snapshot, found through the
/// `entity_events` index, folded by the same projections as the live read models; the gateway
/// answers from the copy with the entity's own GET route code. The cost is one snapshot read
/// and at most the snapshot interval less one of the entity's events, never its whole history.
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
        /// The entity's events folded after the snapshot.
        public var events: Int
        /// The seq of the snapshot the fold started from; nil when it started from nothing.
        public var snapshot: UInt64?
    }

    /// Folds `kind` `id` as it stood at `at`; `now` (Unix seconds) is the time of `.now`.
    public static func fold(engine: Engine, kind: Kind, id: Int64, at: AuditPoint, now: Int64) async throws -> Moment {
        let seq = try at.lastSeq(engine)
        let (readModels, events, snapshot) = try await engine.fold(
            kind.entity(id), through: seq, projections: [kind.projection])
        let seconds: Int64 =
            switch at {
            case .now: now
            case .time(let seconds): seconds
            case .seq(let seq): seq == 0 ? 0 : (try engine.events(seqs: [seq]).first?.seconds ?? now)
            }
        return Moment(
            readModels: readModels, seq: min(seq, engine.head.seq), seconds: seconds, events: events,
            snapshot: snapshot)
    }
}
