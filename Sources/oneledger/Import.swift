import ArgumentParser
import Engine
import Foundation
import Logging
import Replay
import Synchronization

/// Replay's import, named apart from the subcommand.
typealias DatabaseImport = Import

extension OneLedgerCommand {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a New API or One API SQLite database into a fresh data folder.",
            discussion: """
                Reads users, tokens, channels, abilities, redemptions, options, logs and quota_data and \
                writes them into the ledger as import events naming their origin. Rows that cannot be \
                imported are listed with the reason and counted. All or nothing: on any failure the data \
                folder is removed again.
                """)

        @OptionGroup var data: DataDirectoryOptions
        @Option(name: .customLong("from"), help: "The New API or One API SQLite database file.") var source: String

        func run() async throws {
            let directory = data.dataDirectory
            let files = FileManager.default
            if let existing = try? files.contentsOfDirectory(atPath: directory), !existing.isEmpty {
                printError("error: \(ImportError.notFresh(directory))")
                throw ExitCode.failure
            }
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let report: DatabaseImport.Report
            do {
                var logger = Logger(label: "oneledger.import")
                logger.logLevel = .warning
                let engine = try await Engine.open(EngineConfiguration(dataDirectory: directory), logger: logger)
                let sealer = SecretSealer(key: try KeyFile.sealingKey(in: directory))
                let bar = ProgressBar(label: "import", unit: "rows")
                report = try await FixtureWriter.whileRunning(engine, logger: logger) {
                    try await DatabaseImport.run(
                        engine: engine, sealer: sealer, from: source,
                        now: { Int64(Date().timeIntervalSince1970 * 1000) }, progress: { bar.show($0, of: $1) })
                }
                bar.finish()
            } catch {
                try? files.removeItem(atPath: directory)
                printError("error: \(error); nothing was imported (\(directory) removed)")
                throw ExitCode.failure
            }
            for table in DatabaseImport.tables {
                guard let found = report.found[table] else {
                    print("\(table): absent")
                    continue
                }
                let refused = report.refusedCount[table, default: 0]
                print("\(table): \(found) rows, \(report.imported[table, default: 0]) imported, \(refused) refused")
            }
            if report.abilityDifferences > 0 {
                print("abilities: \(report.abilityDifferences) source rows differ from those derived from the channels")
            }
            for refusal in report.refused {
                print("refused \(refusal.table) row \(refusal.row): \(refusal.reason)")
            }
            if report.refusedRows > report.refused.count {
                print("… and \(report.refusedRows - report.refused.count) more refused rows")
            }
            let rate = Double(report.importedRows) / max(report.seconds, 1e-9)
            print(
                "imported \(report.importedRows) rows from \(report.source) \(report.file) in "
                    + String(format: "%.1f s (%.0f rows/s)", report.seconds, rate)
                    + ", \(report.refusedRows) refused")
        }
    }
}
