import SwiftProtobuf

/// What every event tells from its registration (`LedgerPayload`); the cases themselves are
/// generated (`Generated/LedgerEvent+Cases.swift`).
extension LedgerEvent {
    /// The wire name (never renamed or reused).
    public var type: String { Swift.type(of: message).wireName }

    /// The name of the stream the event belongs to (`user:42`, `system`, …).
    public var stream: String { message.stream.name }

    /// Every entity the event names.
    public var entities: [EntityRef] { message.entities }

    /// The payload bytes stored in the ledger.
    public func payload() -> [UInt8] {
        // Serializing a fully initialized proto3 message cannot fail.
        (try? message.serializedBytes()) ?? []
    }

    /// Decodes a stored event; nil for an unknown type or bytes that are not its message.
    public init?(type: String, payload: [UInt8]) {
        guard let payloadType = EventCatalog.entries[type], let event = try? payloadType.decodeEvent(payload) else {
            return nil
        }
        self = event
    }
}
