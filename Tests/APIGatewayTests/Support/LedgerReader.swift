import EventStore
import Foundation
import Replay

/// Reads a stopped server's ledger the way `oneledger inspect` does: every event as its JSON object.
enum LedgerReader {
    static func inspect(_ directory: String) throws -> [[String: Any]] {
        var configuration = EventStoreConfiguration()
        configuration.readOnly = true
        let store = try EventStore(directory: directory + "/ledger", configuration: configuration)
        defer { store.close() }
        var cursor = try store.frames(from: 1)
        var objects: [[String: Any]] = []
        while let frame = try cursor.next() {
            for record in try frame.events() {
                let line = EventJSON.line(record)
                if let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                    objects.append(object)
                }
            }
        }
        return objects
    }
}
