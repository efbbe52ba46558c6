import ArgumentParser
import Engine
import EventStore
import Foundation
import Ledger
import Logging
import Projections

/// `oneledger bench queries`: the console's hot log and statistics queries over a ledger of
/// realistic usage, through the engine's queries (read models plus the ledger reads of the
/// rows shown), beside New API's own schema and SQL on the same number of rows.
struct QueryBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries", abstract: "Log and statistics query latency at millions of rows.")

    @Option(help: "Data folder; built when missing (or with --rebuild).") var dataDir = "./bench-data/queries"
    @Option(help: "Usage events.") var events = 1_000_000
    @Option(help: "Users.") var users = 2000
    @Option(help: "Samples per query.") var samples = 200
    @Flag(help: "Build the data folder afresh.") var rebuild = false
    @Option(help: "Path of newapi_logs_baseline.py (or env NEWAPI_BASELINE); skipped when absent.")
    var baseline: String?
    @Option(help: "The peer's SQLite database (default DATA-DIR/newapi.db); built by the baseline when missing.")
    var baselineDb: String?
    @Flag(
        help: """
            The data folder was written by `oneledger fixtures` (pass a copy: opening it writes): the \
            heaviest user is user 2, the models are the fixtures', the 30 days end at its newest row; \
            --events and --users must say what it holds.
            """)
    var fixtures = false

    func run() async throws {
        let data = QueryBenchData(users: users, events: events)
        let ledger = Engine.ledgerDirectory(in: dataDir)
        if rebuild { try? FileManager.default.removeItem(atPath: dataDir) }
        var logger = Logger(label: "oneledger.bench")
        logger.logLevel = .warning
        if !fixtures, !FileManager.default.fileExists(atPath: ledger) {
            try FileManager.default.createDirectory(atPath: ledger, withIntermediateDirectories: true)
            let clock = ContinuousClock()
            let written = try await clock.measure { try await data.write(to: ledger) }
            print(
                "wrote \(events) usage events (+\(users) users and their tokens) in \(formatted(written.seconds, digits: 1)) s"
            )
        }
        let clock = ContinuousClock()
        var engine: Engine?
        let opened = try await clock.measure {
            engine = try await Engine.open(EngineConfiguration(dataDirectory: dataDir), logger: logger)
        }
        guard let engine else { return }
        defer { engine.close() }
        print("opened (catch-up of whatever the read models lacked) in \(formatted(opened.seconds, digits: 1)) s")
        var random = SplitMix64(seed: 8)
        var start = data.start
        var heaviest: Int64 = 1
        var models = QueryBenchData.models
        if fixtures {
            let newest = try await engine.logs.list(LogFilter(), offset: 0, limit: 1).items.first?.createdAt ?? 0
            start = newest - 30 * QueryBenchData.day
            heaviest = 2
            models = RealisticUsage.models
        }
        let end = start + 30 * QueryBenchData.day
        func window(days: Int64) -> (Int64, Int64) {
            let s = start + Int64(random.next(below: Int(max(end - days * QueryBenchData.day - start, 1))))
            return (s, s + days * QueryBenchData.day)
        }
        var rows: [[String]] = []
        func measure(_ name: String, peer: String, _ body: () async throws -> Void) async throws {
            for _ in 0..<10 { try await body() }
            var samples = Samples()
            for _ in 0..<self.samples { samples.append(try await clock.measure { try await body() }) }
            rows.append([
                name, formatted(samples.micros(50) / 1000, digits: 2), formatted(samples.micros(99) / 1000, digits: 2),
                peer,
            ])
        }
        try await measure("admin list, model + 7 days, page 1 + total", peer: "848") {
            var filter = LogFilter()
            let (s, e) = window(days: 7)
            filter.start = s
            filter.end = e
            filter.modelName = .exact(models[random.next(below: models.count)])
            let page = try await engine.logs.list(filter, offset: 0, limit: 10)
            _ = try engine.withLedgerDetails(page.items)
        }
        try await measure("  the same, read models only (no ledger reads)", peer: "") {
            var filter = LogFilter()
            let (s, e) = window(days: 7)
            filter.start = s
            filter.end = e
            filter.modelName = .exact(models[random.next(below: models.count)])
            _ = try await engine.logs.list(filter, offset: 0, limit: 10)
        }
        try await measure("self list, heaviest user, page 1 + total", peer: "49") {
            var filter = LogFilter()
            filter.userID = heaviest
            let page = try await engine.logs.list(filter, offset: 0, limit: 10)
            _ = try engine.withLedgerDetails(page.items)
        }
        try await measure("log stat, 1-day range", peer: "1,012") {
            var filter = LogFilter()
            let (s, e) = window(days: 1)
            filter.start = s
            filter.end = e
            _ = try await engine.logs.stat(filter, now: e)
        }
        try await measure("data/self, heaviest user, 30 days", peer: "40") {
            var filter = StatisticsQueries.Filter()
            (filter.start, filter.end) = (start, end)
            filter.userIDs = [heaviest]
            _ = try await engine.statistics.buckets(filter)
        }
        print(
            "\n\(events) usage events, \(samples) samples each, warm cache, in-process (queries + ledger reads of the shown rows)"
        )
        printTable(["query", "p50 ms", "p99 ms", "New API p50 ms (10M, measured here)"], rows)
        try await printSizes(engine)
        let ledgerBytes = Self.directoryBytes(ledger)
        print(
            "ledger (segments + indexes): \(ledgerBytes / 1_048_576) MiB, \(formatted(Double(ledgerBytes) / Double(events), digits: 1)) bytes per usage event"
        )
        print("RSS while serving: \(Self.residentMegabytes()) MB")
        if let path = baseline ?? ProcessInfo.processInfo.environment["NEWAPI_BASELINE"] {
            try runBaseline(path)
        }
    }

    private func printSizes(_ engine: Engine) async throws {
        let sizes = try await engine.readModelSizes()
        guard !sizes.isEmpty else { return print("(this SQLite has no dbstat: sizes skipped)") }
        let readPath = [
            "logs", "logs_created", "logs_user_created", "logs_token_created", "logs_model_created",
            "logs_channel_created", "logs_type_created", "log_details", "log_request_ids", "usage_requests",
            "log_rollups", "log_strings",
            "sqlite_autoindex_log_strings_1", "quota_data", "usage_buckets", "usage_models",
        ]
        var total: Int64 = 0
        var table: [[String]] = []
        for (name, bytes) in sizes where readPath.contains(name) {
            total += bytes
            table.append([name, "\(bytes / 1_048_576)", formatted(Double(bytes) / Double(events), digits: 1)])
        }
        let all = sizes.map(\.bytes).reduce(0, +)
        print("\nread-model bytes per usage row (SQLite dbstat, pages incl. free space in them)")
        printTable(["table or index", "MiB", "bytes/row"], table)
        print(
            "read path total: \(formatted(Double(total) / Double(events), digits: 1)) bytes/row; whole readmodels.sqlite: \(formatted(Double(all) / Double(events), digits: 1)) bytes/row"
        )
    }

    private func runBaseline(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return print("baseline \(path) not found: skipped") }
        print("\npeer baseline, same run: \(path) --rows \(events)")
        fflush(nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", path, "--rows", "\(events)", "--users", "\(users)", "--db", baselineDb ?? dataDir + "/newapi.db",
            "--reuse",
        ]
        try process.run()
        process.waitUntilExit()
    }

    static func directoryBytes(_ path: String) -> Int64 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.reduce(Int64(0)) { total, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
            return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    static func residentMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }
}
