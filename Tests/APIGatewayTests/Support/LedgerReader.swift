import EventStore
import Foundation
import Replay

/// Reads a stopped server's ledger: the records themselves, or every event as the JSON object
/// `oneledger inspect` prints (secrets shown only as "[sealed]").
enum LedgerReader {
    static func records(_ directory: String) throws -> [EventRecord] {
        var configuration = EventStoreConfiguration()
        configuration.readOnly = true
        let store = try EventStore(directory: directory + "/ledger", configuration: configuration)
        defer { store.close() }
        var cursor = try store.frames(from: 1)
        var records: [EventRecord] = []
        while let frame = try cursor.next() { records += try frame.events() }
        return records
    }

    /// `inspect`'s lines, of one event type or of all.
    static func lines(_ directory: String, type: String? = nil) throws -> [String] {
        try records(directory).filter { type == nil || $0.type == type }.map(EventJSON.line)
    }

    static func inspect(_ directory: String) throws -> [[String: Any]] {
        try lines(directory).compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
