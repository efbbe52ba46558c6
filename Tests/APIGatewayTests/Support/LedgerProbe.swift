import EventStore
import Foundation
import Replay

/// Reads a stopped server's ledger: every event of one type, as `inspect` renders it (secrets sealed).
enum LedgerProbe {
    static func lines(_ directory: String, type: String) throws -> [String] {
        var configuration = EventStoreConfiguration()
        configuration.readOnly = true
        let store = try EventStore(directory: directory + "/ledger", configuration: configuration)
        defer { store.close() }
        var cursor = try store.frames(from: 1)
        var lines: [String] = []
        while let frame = try cursor.next() {
            for record in try frame.events() where record.type == type { lines.append(EventJSON.line(record)) }
        }
        return lines
    }
}
