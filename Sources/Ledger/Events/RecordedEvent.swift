/// An event as read back from the ledger: its sequence number, envelope and decoded payload.
public struct RecordedEvent: Sendable, Equatable {
    public var seq: UInt64
    /// Unix milliseconds.
    public var time: Int64
    public var actorID: Int64
    public var requestID: String
    public var clientIP: String
    public var event: LedgerEvent

    public init(seq: UInt64, time: Int64, actorID: Int64, requestID: String, clientIP: String, event: LedgerEvent) {
        self.seq = seq
        self.time = time
        self.actorID = actorID
        self.requestID = requestID
        self.clientIP = clientIP
        self.event = event
    }

    /// Unix seconds, as the API and the read models show time.
    public var seconds: Int64 { time / 1000 }
}
