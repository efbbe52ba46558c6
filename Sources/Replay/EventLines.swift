import EventStore

/// What `oneledger inspect` prints: the events of a stopped server's ledger from a seq on,
/// optionally of one stream or type, each as `EventJSON.line` renders it (secrets sealed).
public enum EventLines {
    /// Calls `emit` with each matching event's line, oldest first, at most `limit` times.
    public static func read(
        ledgerDirectory: String, from: UInt64, limit: Int?, stream: String?, type: String?,
        _ emit: (String) -> Void
    ) throws {
        var configuration = EventStoreConfiguration()
        configuration.readOnly = true
        let store = try EventStore(directory: ledgerDirectory, configuration: configuration)
        defer { store.close() }
        var cursor = try store.frames(from: from)
        var printed = 0
        while let frame = try cursor.next() {
            for record in try frame.events() where record.seq >= from {
                if let stream, record.stream != stream { continue }
                if let type, record.type != type { continue }
                if let limit, printed >= limit { return }
                emit(EventJSON.line(record))
                printed += 1
            }
        }
    }
}
