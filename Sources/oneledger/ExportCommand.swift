import ArgumentParser
import Foundation
import Replay

extension OneLedgerCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stream the ledger's events (secrets sealed) as JSON lines or CSV to standard output.",
            discussion: """
                --from and --to are inclusive: Unix seconds, an ISO 8601 date (UTC) or seq:N. Memory \
                stays flat: one frame is read at a time.
                """)

        @OptionGroup var data: DataDirectoryOptions
        @Option(help: "jsonl or csv.") var format = "jsonl"
        @Option(help: "First moment or seq:N.") var from: String?
        @Option(help: "Last moment or seq:N.") var to: String?
        @Option(help: "Only events of this stream (e.g. user:42).") var stream: String?

        func validate() throws {
            if ExportEvents.Format(rawValue: format) == nil { throw ValidationError("--format is jsonl or csv") }
            for (name, value) in [("--from", from), ("--to", to)] {
                if let value, ExportEvents.Bound(value) == nil {
                    throw ValidationError("\(name) takes Unix seconds, an ISO 8601 date or seq:N")
                }
            }
        }

        func run() throws {
            guard FileManager.default.fileExists(atPath: data.ledgerDirectory) else {
                printError("error: no ledger at \(data.ledgerDirectory)")
                throw ExitCode.failure
            }
            let output = FileHandle.standardOutput
            let count = try ExportEvents.run(
                ledgerDirectory: data.ledgerDirectory, format: ExportEvents.Format(rawValue: format) ?? .jsonl,
                from: from.flatMap(ExportEvents.Bound.init),
                to: to.flatMap(ExportEvents.Bound.init), stream: stream
            ) { chunk in try output.write(contentsOf: Data(chunk.utf8)) }
            printError("exported \(count) events")
        }
    }
}
