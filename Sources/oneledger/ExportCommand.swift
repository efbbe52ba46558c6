import APIGateway
import ArgumentParser
import Engine
import Foundation
import Projections
import Replay

extension OneLedgerCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Stream the ledger's events (secrets sealed) or the log read model as JSON lines or CSV to standard output.",
            discussion: """
                --what events (the default): --from and --to are inclusive: Unix seconds, an ISO 8601 \
                date (UTC) or seq:N. Memory stays flat: one frame is read at a time.
                --what logs: the log rows exactly as GET /api/log/export writes them (admin form, newest \
                first), --from and --to inclusive bounds on created_at in Unix seconds or an ISO 8601 \
                date (UTC). Memory stays flat: one page of 500 rows at a time. Works on a stopped \
                server's data folder.
                """)

        enum What: String, ExpressibleByArgument, CaseIterable {
            case events, logs
        }

        @OptionGroup var data: DataDirectoryOptions
        @Option(help: "events or logs.") var what: What = .events
        @Option(help: "jsonl or csv.") var format = "jsonl"
        @Option(help: "First moment or (events) seq:N.") var from: String?
        @Option(help: "Last moment or (events) seq:N.") var to: String?
        @Option(help: "Only events of this stream (e.g. user:42); events only.") var stream: String?

        func validate() throws {
            if ExportEvents.Format(rawValue: format) == nil { throw ValidationError("--format is jsonl or csv") }
            for (name, value) in [("--from", from), ("--to", to)] {
                guard let value else { continue }
                switch (what, ExportEvents.Bound(value)) {
                case (_, nil):
                    throw ValidationError("\(name) takes Unix seconds, an ISO 8601 date or seq:N")
                case (.logs, .seq?):
                    throw ValidationError("\(name) of --what logs takes Unix seconds or an ISO 8601 date, not seq:N")
                case (.logs, .time(let seconds)?) where seconds < 0:
                    throw ValidationError("\(name) must not be before 1970")
                default: break
                }
            }
            if what == .logs, stream != nil { throw ValidationError("--stream applies to --what events only") }
        }

        func run() async throws {
            guard FileManager.default.fileExists(atPath: data.ledgerDirectory) else {
                printError("error: no ledger at \(data.ledgerDirectory)")
                throw ExitCode.failure
            }
            let output = FileHandle.standardOutput
            switch what {
            case .events:
                let count = try ExportEvents.run(
                    ledgerDirectory: data.ledgerDirectory, format: ExportEvents.Format(rawValue: format) ?? .jsonl,
                    from: from.flatMap(ExportEvents.Bound.init),
                    to: to.flatMap(ExportEvents.Bound.init), stream: stream
                ) { chunk in try output.write(contentsOf: Data(chunk.utf8)) }
                printError("exported \(count) events")
            case .logs:
                var filter = LogFilter()
                if case .time(let seconds)? = from.flatMap(ExportEvents.Bound.init) { filter.start = seconds }
                if case .time(let seconds)? = to.flatMap(ExportEvents.Bound.init) { filter.end = seconds }
                let engine = try await OfflineEngine.open(data.dataDirectory)
                defer { engine.close() }
                let count = try await (LogExportFormat(rawValue: format) ?? .jsonl).export(
                    engine: engine, filter: filter
                ) { try output.write(contentsOf: $0) }
                printError("exported \(count) log rows")
            }
        }
    }
}
