// oneledger: the command line — serve, verify, inspect, bench and the other operator commands.
// It only reads flags and the environment into configuration values and calls library code.

import ArgumentParser
import Engine

@main
struct OneLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oneledger",
        abstract: "OneLedger: the event-sourced New API console backend.",
        subcommands: [
            Serve.self, Verify.self, Inspect.self, Fixtures.self, Bench.self, Audit.self, Reconcile.self, Import.self,
            Replay.self, Export.self,
        ]
    )
}

/// The data folder every command works on (docs/design.md, "Files on disk").
struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The data folder (ledger/ and readmodels.sqlite).")
    var dataDirectory: String = "./data"

    var ledgerDirectory: String { Engine.ledgerDirectory(in: dataDirectory) }
}
