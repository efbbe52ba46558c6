import ArgumentParser
import Engine
import Foundation

extension OneLedgerCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every frame's CRC and the whole hash chain; change nothing.",
            discussion: """
                Exit 0 when intact. A torn last frame of the newest segment is a warning (exit 0; the \
                next open truncates it). Any damaged frame followed by valid data exits 1 and names \
                the segment file and byte offset.
                """)

        @OptionGroup var data: DataDirectoryOptions

        func run() throws {
            guard FileManager.default.fileExists(atPath: data.ledgerDirectory) else {
                printError("error: no ledger at \(data.ledgerDirectory)")
                throw ExitCode.failure
            }
            let report = try Engine.verify(dataDirectory: data.dataDirectory)
            if let torn = report.tornTail {
                printError(
                    "warning: torn tail in segment \(torn.segment) at byte offset \(torn.offset) (\(torn.removedBytes) bytes: \(torn.reason)); the next open truncates it"
                )
            }
            if let problem = report.problem {
                printError("error: \(problem)")
                throw ExitCode.failure
            }
            print(
                "ok: \(report.segments) segments, \(report.frames) frames, \(report.events) events, head seq \(report.head.seq), hash \(report.head.hash)"
            )
        }
    }
}
