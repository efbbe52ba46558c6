import ArgumentParser
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
            try EventLines.read(
                ledgerDirectory: data.ledgerDirectory, from: from, limit: limit, stream: stream, type: type
            ) { print($0) }
        }
    }
}
