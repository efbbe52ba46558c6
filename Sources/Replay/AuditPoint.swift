public import Engine

/// The moment an audit or a point-in-time state is taken at: now, after a seq (`seq:N`), or at
/// a Unix time in seconds (the last event at or before its end).
public enum AuditPoint: Sendable, Equatable {
    case now
    case seq(UInt64)
    case time(Int64)

    /// Parses `?at=`: empty is now, `seq:N` a seq, digits a Unix time; nil for anything else.
    public init?(parsing text: String?) {
        guard let text, !text.isEmpty else {
            self = .now
            return
        }
        if text.hasPrefix("seq:") {
            guard let seq = UInt64(text.dropFirst(4)) else { return nil }
            self = .seq(seq)
        } else {
            guard let seconds = Int64(text), seconds >= 0, seconds < 1 << 40 else { return nil }
            self = .time(seconds)
        }
    }

    /// The last seq the moment includes (`UInt64.max` for now: whatever the read models hold).
    public func lastSeq(_ engine: Engine) throws -> UInt64 {
        switch self {
        case .now: UInt64.max
        case .seq(let seq): seq
        case .time(let seconds): try engine.seq(atOrBefore: seconds * 1000 + 999)
        }
    }
}
