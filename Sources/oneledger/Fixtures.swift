import ArgumentParser
import Foundation

extension OneLedgerCommand {
    /// `oneledger fixtures`: a realistic workload written through the real command path.
    struct Fixtures: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill a fresh data folder with a realistic workload through the real command path.",
            discussion: """
                Sets up root, creates the users (a few heavy, many light; each in a fixed group, with \
                1–3 tokens), channels (each model served by 2–3), then records usage in batches of 1,000 \
                spread over the last 30 days. Users sign in as user<N> with the password \(FixtureWriter.password).
                """)

        @OptionGroup var data: DataDirectoryOptions
        @Option(help: "How many users besides root.") var users = 1_000
        @Option(help: "How many usage records.") var events = 100_000
        @Option(help: "Seed of the generator: the same seed gives the same workload.") var seed: UInt64 = 42

        func validate() throws {
            if users < 1 || users > 1_000_000 { throw ValidationError("--users must be from 1 to 1000000") }
            if events < 0 { throw ValidationError("--events must not be negative") }
        }

        func run() async throws {
            let writer = FixtureWriter(dataDirectory: data.dataDirectory, users: users, events: events, seed: seed)
            let report = try await writer.run()
            print(report)
        }
    }
}
