/// What the read models can fail with, beyond SQLite's own errors.
public enum ProjectionError: Error, Sendable, Equatable {
    /// An event in the ledger has a type or payload this build cannot decode.
    case undecodableEvent(seq: UInt64, type: String)
    /// An entity snapshot's blob does not decode (`entity_snapshots`).
    case corruptSnapshot
}

extension ProjectionError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .undecodableEvent(let seq, let type):
            "event \(seq) of type \(type) cannot be decoded by this build; upgrade before serving"
        case .corruptSnapshot:
            "an entity snapshot does not decode; rebuild it with oneledger replay --projection entity_snapshots"
        }
    }
}
