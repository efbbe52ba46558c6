import ArgumentParser
import Foundation
import Projections
import Replay

extension OneLedgerCommand {
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild read models from the ledger of a stopped server (all, or one).",
            discussion: """
                Every frame is checked (CRC, hash chain) before its events are folded: a damaged frame \
                exits 1 naming the segment file and byte offset, and nothing is swapped in. The models \
                are built beside the target (readmodels.sqlite.replay) and renamed over it when \
                complete, so an interrupted replay leaves the live file as it was. --check rebuilds into \
                a scratch folder, compares a digest of every table with the live one, prints the \
                differences (rows up to --limit per table) and exits 1 on any.
                """)

        @OptionGroup var data: DataDirectoryOptions
        @Option(help: "Stop after this sequence number.") var untilSeq: UInt64?
        @Option(help: "Stop at this moment: Unix seconds or an ISO 8601 date (UTC).") var untilTime: String?
        @Option(
            help: ArgumentHelp(
                "Rebuild only this read model.",
                discussion:
                    "One of \(ReplayRebuild.projectionNames.joined(separator: ", ")). entity_snapshots reads "
                    + "users, tokens and channels as it folds: any of the four rebuilds all four."))
        var projection: String?
        @Option(help: "Write readmodels.sqlite into this folder instead of replacing the live one.") var out: String?
        @Flag(help: "Fold as if no LogsPruned had been appended: pruned log rows come back.") var ignorePruning = false
        @Flag(help: "Rebuild into a scratch folder and compare with the live read models; change nothing.")
        var check = false
        @Option(help: "With --check: rows shown per side of each differing table.") var limit = 20

        func validate() throws {
            if untilSeq != nil && untilTime != nil {
                throw ValidationError("give --until-seq or --until-time, not both")
            }
            if let untilTime, ExportEvents.Bound(untilTime).flatMap(\.seconds) == nil {
                throw ValidationError("--until-time takes Unix seconds or an ISO 8601 date")
            }
            if check && (untilSeq != nil || untilTime != nil || projection != nil || ignorePruning) {
                throw ValidationError("--check compares whole read models; it takes no other replay option")
            }
            if limit < 0 { throw ValidationError("--limit must not be negative") }
        }

        func run() throws {
            let bar = ProgressBar(label: check ? "check" : "replay")
            do {
                if check { try runCheck(bar) } else { try runReplay(bar) }
            } catch let error as ReplayError {
                bar.finish()
                printError("error: \(error)")
                throw ExitCode.failure
            }
        }

        private func runReplay(_ bar: ProgressBar) throws {
            var options = ReplayRebuild.Options(dataDirectory: data.dataDirectory)
            options.untilSeq = untilSeq
            options.untilTime = untilTime.flatMap { ExportEvents.Bound($0)?.seconds }
            options.projection = projection
            options.outDirectory = out
            options.ignorePruning = ignorePruning
            let outcome = try ReplayRebuild.run(options) { bar.show($0) }
            bar.finish()
            if let projection, ReplayRebuild.rebuilt(with: projection).count > 1 {
                print("rebuilt together: \(ReplayRebuild.rebuilt(with: projection).joined(separator: ", "))")
            }
            print(
                "ok: \(outcome.events) events folded through seq \(outcome.lastSeq) in \(formatted(outcome.seconds, digits: 2)) s "
                    + "(\(formatted(Double(outcome.events) / max(outcome.seconds, 1e-9))) events/s) into \(outcome.path)"
            )
        }

        private func runCheck(_ bar: ProgressBar) throws {
            let report = try ReplayCheck.run(dataDirectory: data.dataDirectory, limit: limit) { bar.show($0) }
            bar.finish()
            var rows: [[String]] = []
            for table in report.tables {
                rows.append([
                    table.name, "\(table.live.rows)", table.live.hex, "\(table.rebuilt.rows)", table.rebuilt.hex,
                    table.same ? "same" : "DIFFERENT",
                ])
            }
            print("replay --check: \(report.events) events rebuilt up to the live checkpoint, seq \(report.checkpoint)")
            printTable(["table", "live rows", "live digest", "rebuilt rows", "rebuilt digest", ""], rows)
            for table in report.tables where !table.same {
                print(
                    "\n\(table.name): \(table.onlyLiveCount) rows only in the live table, \(table.onlyRebuiltCount) only in the rebuilt one"
                )
                for row in table.onlyLive { print("  - live    \(row)") }
                if table.onlyLiveCount > table.onlyLive.count {
                    print("  - … \(table.onlyLiveCount - table.onlyLive.count) more")
                }
                for row in table.onlyRebuilt { print("  + rebuilt \(row)") }
                if table.onlyRebuiltCount > table.onlyRebuilt.count {
                    print("  + … \(table.onlyRebuiltCount - table.onlyRebuilt.count) more")
                }
            }
            guard report.ok else {
                printError("error: the live read models differ from a rebuild of the ledger")
                throw ExitCode.failure
            }
            print("ok: every table equals its rebuild")
        }
    }
}

extension ExportEvents.Bound {
    /// The moment, for options that take only a time.
    var seconds: Int64? {
        if case .time(let seconds) = self { return seconds }
        return nil
    }
}
