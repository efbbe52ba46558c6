public import EventStore
public import Logging

/// A logger that prints nothing: recovery sweeps and servers would otherwise print thousands of
/// lines. It keeps its metadata, as Hummingbird reads the request id from there.
public let quietLogger = Logger(label: "oneledger.tests", factory: { _ in QuietLogHandler() })

struct QuietLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .critical

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {}
}

extension EventStoreConfiguration {
    /// The defaults, opened read-only: for looking at a ledger no one is writing.
    public static var readOnlyDefault: EventStoreConfiguration {
        var configuration = EventStoreConfiguration()
        configuration.readOnly = true
        return configuration
    }
}

extension EventStore {
    /// Every record of the stopped ledger in `directory`, read through its frames.
    public static func records(inLedger directory: String) throws -> [EventRecord] {
        let store = try EventStore(directory: directory, configuration: .readOnlyDefault, logger: quietLogger)
        defer { store.close() }
        var cursor = try store.frames(from: 1)
        var records: [EventRecord] = []
        while let frame = try cursor.next() { records += try frame.events() }
        return records
    }
}
