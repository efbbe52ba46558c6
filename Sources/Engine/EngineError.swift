/// What the writer can fail with besides a command's refusal (`LedgerError`).
public enum EngineError: Error, Sendable, Equatable {
    /// The writer stopped (shutdown) before the command ran.
    case stopped
    /// The batch's append failed: nothing was applied, the store is fail-stopped.
    case appendFailed(String)
    /// The read models could not be written.
    case readModels(String)
    /// The ledger holds an event this build cannot decode.
    case undecodableEvent(seq: UInt64, type: String)
}

extension EngineError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .stopped: "the writer has stopped"
        case .appendFailed(let reason): "the ledger refused the append: \(reason)"
        case .readModels(let reason): "the read models could not be updated: \(reason)"
        case .undecodableEvent(let seq, let type): "event \(seq) of type \(type) cannot be decoded by this build"
        }
    }
}
