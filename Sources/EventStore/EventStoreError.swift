/// Everything the event store can refuse or fail with.
public enum EventStoreError: Error, Sendable, Equatable {
    /// A frame that is not the torn tail failed its checks: the log is damaged here.
    case corruptFrame(segment: String, offset: Int64, reason: String)
    /// A write, fsync or checkpoint failed earlier; nothing more is accepted until reopen.
    case failStopped(reason: String)
    case closed
    case readOnly
    /// The caller expected another next seq (the Engine checks it knows the head).
    case unexpectedSequence(expected: UInt64, actual: UInt64)
    case emptyAppend
    /// One append's encoded events exceed what one frame may hold (`FrameHeader.maxPayload`).
    case appendTooLarge(bytes: Int, limit: Int)
    case notFound(seq: UInt64)
    case io(String)
}

extension EventStoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .corruptFrame(let segment, let offset, let reason):
            "segment \(segment), byte offset \(offset): \(reason)"
        case .failStopped(let reason):
            "the ledger stopped accepting writes after a failed write or fsync (\(reason)); restart to recover"
        case .closed: "the ledger is closed"
        case .readOnly: "the ledger was opened read-only"
        case .unexpectedSequence(let expected, let actual):
            "expected the next sequence number to be \(expected), the ledger's is \(actual)"
        case .emptyAppend: "an append needs at least one event"
        case .appendTooLarge(let bytes, let limit):
            "an append of \(bytes) encoded bytes does not fit in one frame (at most \(limit))"
        case .notFound(let seq): "no event with sequence number \(seq)"
        case .io(let what): what
        }
    }
}

/// The last committed event: its seq, its time (Unix ms) and the chain hash of its frame.
public struct LedgerHead: Sendable, Hashable {
    public var seq: UInt64
    public var time: Int64
    public var hash: ChainHash

    public init(seq: UInt64, time: Int64, hash: ChainHash) {
        self.seq = seq
        self.time = time
        self.hash = hash
    }

    public static let empty = LedgerHead(seq: 0, time: 0, hash: .zero)
}

/// What an append returns: the seqs its events got and the frame they share.
public struct AppendResult: Sendable, Hashable {
    public var firstSeq: UInt64
    public var lastSeq: UInt64
    public var frameHash: ChainHash
}
