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
///
/// The payload stays a slice of its frame's decompressed batch (shared, not copied), so a scan
/// that only looks at envelopes never copies payloads.
public struct EventRecord: Sendable, Hashable {
    public let seq: UInt64
    public let time: Int64
    public let type: String
    public let stream: String
    public let metadata: EventMetadata
    public let payloadBytes: ArraySlice<UInt8>

    public init(seq: UInt64, event: NewEvent) {
        self.init(
            seq: seq, time: event.time, type: event.type, stream: event.stream, metadata: event.metadata,
            payloadBytes: event.payload[...])
    }

    init(
        seq: UInt64, time: Int64, type: String, stream: String, metadata: EventMetadata, payloadBytes: ArraySlice<UInt8>
    ) {
        self.seq = seq
        self.time = time
        self.type = type
        self.stream = stream
        self.metadata = metadata
        self.payloadBytes = payloadBytes
    }

    public var payload: [UInt8] { Array(payloadBytes) }

    public var event: NewEvent {
        NewEvent(time: time, type: type, stream: stream, metadata: metadata, payload: payload)
    }
}
