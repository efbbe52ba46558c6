/// Every event type the ledger knows, by wire name, derived from the payload registrations
/// (`payloadTypes` is generated from them).
public enum EventCatalog {
    /// The registered payload type of each wire name.
    public static let entries: [String: any LedgerPayload.Type] = Dictionary(
        uniqueKeysWithValues: payloadTypes.map { ($0.wireName, $0) })

    /// Decodes a payload; nil for an unknown type or bytes that are not its message.
    public static func decode(type: String, payload: [UInt8]) -> (any LedgerPayload)? {
        LedgerEvent(type: type, payload: payload)?.message
    }
}
