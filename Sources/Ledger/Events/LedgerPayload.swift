public import SwiftProtobuf

/// A generated protobuf message registered as an event payload: its wire name, its stream, the
/// entities it names and its secret fields, declared once beside the other events of its stream.
///
/// Registering is one extension in the stream's file (`UserEvents.swift`, …);
/// `scripts/generate-event-cases.sh` then derives the `LedgerEvent` case, `event` and the
/// catalogue entry from it.
public protocol LedgerPayload: SwiftProtobuf.Message, Sendable {
    /// The wire name (never renamed or reused: stored ledgers are decoded by it).
    static var wireName: String { get }
    /// Proto field names (as in the .proto) whose values never leave the process.
    static var secretFields: Set<String> { get }
    /// The stream the event belongs to.
    var stream: EventStream { get }
    /// Every entity the event names, for audits and point-in-time state; the stream's own first.
    var entities: [EntityRef] { get }
    /// The event that carries this payload (generated).
    var event: LedgerEvent { get }
    /// Decodes `bytes` as this message and wraps it as its event (a requirement, so that each
    /// conformance gets its own specialized copy of the default).
    static func decodeEvent(_ bytes: [UInt8]) throws -> LedgerEvent
}

extension LedgerPayload {
    public static var secretFields: Set<String> { [] }

    public var entities: [EntityRef] { stream.entity.map { [$0] } ?? [] }

    public static func decodeEvent(_ bytes: [UInt8]) throws -> LedgerEvent {
        try Self(serializedBytes: bytes).event
    }
}
