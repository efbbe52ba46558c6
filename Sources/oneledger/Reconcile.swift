import ArgumentParser
import Engine
import Foundation
import Replay

/// Replay's reconciliation, named apart from the subcommand.
typealias Reconciliation = Reconcile

extension OneLedgerCommand {
    struct Reconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare log and statistics charges and the balances with the ledger.",
            discussion: """
                Per UTC day, user, token and channel: the consume charges of the log read model and of \
                the statistics buckets against the ledger's usage events; over the whole history: \
                quotas and used quotas against the ledger's sums. Prints what disagrees and exits 1 \
                when anything does; days the log was pruned from are reported as pruned.
                """)

        @OptionGroup var data: DataDirectoryOptions
        @Option(help: "First Unix time (seconds) whose UTC day is compared.") var from: Int64 = 0
        @Option(help: "Last Unix time (seconds) whose UTC day is compared; default now.") var to: Int64?

        func validate() throws {
            if from < 0 || (to.map { $0 < from } ?? false) { throw ValidationError("--from must be ≥ 0 and ≤ --to") }
        }

        func run() async throws {
            let engine = try await OfflineEngine.open(data.dataDirectory)
            defer { engine.close() }
            let report = try await Reconciliation.run(
                engine: engine, from: from, to: to ?? Int64(Date().timeIntervalSince1970))
            for d in report.differences {
                print(
                    "charges differ: day \(d.day) user \(d.user_id) token \(d.token_id) channel \(d.channel_id): "
                        + "ledger \(d.ledger), logs \(d.logs.map(String.init) ?? "pruned"), statistics \(d.statistics)")
            }
            for b in report.balances {
                print("\(b.entity) \(b.id) \(b.field) differs: ledger \(b.ledger), read model \(b.read_model)")
            }
            if report.logs_pruned_before != 0 {
                print(
                    "logs pruned before \(report.logs_pruned_before): \(report.pruned_lines) lines compared with statistics only"
                )
            }
            print(
                "\(report.ok ? "ok" : "differences found"): \(report.lines) lines from \(report.from) to \(report.to), "
                    + "\(report.differences.count) charge and \(report.balances.count) balance differences, checkpoint \(report.checkpoint)"
            )
            if !report.ok { throw ExitCode.failure }
        }
    }
}
