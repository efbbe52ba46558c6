public import SwiftProtobuf

/// Every event type the ledger knows: its wire name (never renamed or reused), the protobuf
/// message of its payload, and the payload fields that hold secrets (shown only as "[sealed]").
public enum EventCatalog {
    public struct Entry: Sendable {
        public let payload: any SwiftProtobuf.Message.Type
        /// Proto field names (as in the .proto) whose values never leave the process.
        public let secretFields: Set<String>
    }

    public static let entries: [String: Entry] = [
        EventType.usageRecorded: Entry(payload: Oneledger_V1_UsageRecorded.self, secretFields: [])
    ]

    /// Decodes a payload; nil for an unknown type or bytes that are not its message.
    public static func decode(type: String, payload: [UInt8]) -> (any SwiftProtobuf.Message)? {
        guard let entry = entries[type] else { return nil }
        return try? entry.payload.init(serializedBytes: payload)
    }
}

/// The wire names of the event types.
public enum EventType {
    public static let usageRecorded = "UsageRecorded"
}
