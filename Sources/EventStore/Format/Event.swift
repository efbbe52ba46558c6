/// An event as a command produces it, before the store gives it a sequence number.
///
/// The store knows only this envelope; `payload` is opaque bytes (a protobuf message that the
/// Ledger module defines and decodes).
public struct NewEvent: Sendable, Hashable {
    /// Unix milliseconds.
    public var time: Int64
    /// The event type's wire name, e.g. `UsageRecorded`; never renamed or reused.
    public var type: String
    /// The entity the event belongs to, e.g. `user:42`.
    public var stream: String
    public var metadata: EventMetadata
    public var payload: [UInt8]

    public init(time: Int64, type: String, stream: String, metadata: EventMetadata = .init(), payload: [UInt8]) {
        self.time = time
        self.type = type
        self.stream = stream
        self.metadata = metadata
        self.payload = payload
    }
}

/// Who caused an event and through which request.
public struct EventMetadata: Sendable, Hashable {
    public var actorID: Int64
    public var requestID: String
    public var clientIP: String

    public init(actorID: Int64 = 0, requestID: String = "", clientIP: String = "") {
        self.actorID = actorID
        self.requestID = requestID
        self.clientIP = clientIP
    }
}

/// An event read back from the ledger, with its global sequence number.
public struct EventRecord: Sendable, Hashable {
    public let seq: UInt64
    public let event: NewEvent

    public init(seq: UInt64, event: NewEvent) {
        self.seq = seq
        self.event = event
    }

    public var time: Int64 { event.time }
    public var type: String { event.type }
    public var stream: String { event.stream }
    public var metadata: EventMetadata { event.metadata }
    public var payload: [UInt8] { event.payload }
}
