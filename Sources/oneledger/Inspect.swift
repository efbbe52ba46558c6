import ArgumentParser
import EventStore
import Replay

extension OneLedgerCommand {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print events as JSON lines, payloads decoded, secrets never shown.")

        @OptionGroup var data: DataDirectoryOptions
        @Option(help: "First sequence number.") var from: UInt64 = 1
        @Option(help: "At most this many events.") var limit: Int?
        @Option(help: "Only events of this stream (e.g. user:42).") var stream: String?
        @Option(help: "Only events of this type (e.g. UsageRecorded).") var type: String?

        func run() throws {
            var configuration = EventStoreConfiguration()
            configuration.readOnly = true
            let store = try EventStore(directory: data.ledgerDirectory, configuration: configuration)
            defer { store.close() }
            var cursor = try store.frames(from: from)
            var printed = 0
            while let frame = try cursor.next() {
                for record in try frame.events() where record.seq >= from {
                    if let stream, record.stream != stream { continue }
                    if let type, record.type != type { continue }
                    if let limit, printed >= limit { return }
                    print(EventJSON.line(record))
                    printed += 1
                }
            }
        }
    }
}
