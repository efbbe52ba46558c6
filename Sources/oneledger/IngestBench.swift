import APIGateway
import ArgumentParser
import Foundation
import Hummingbird
import Ledger
import Logging
import ServiceLifecycle

/// `oneledger bench ingest`: `POST /api/ledger/usage` over real HTTP on 127.0.0.1 against an
/// in-process server on a fresh data folder (fixtures' population, fdatasync on), driven by wrk:
/// (a) batches of 1,000 at 8 connections beside a raw SQLite insert of the same log rows in one
/// transaction; (b) single records at 64 connections beside a bare Hummingbird route served by
/// the same process. Runs alternate within each round, since this machine's speed drifts.
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Usage ingest throughput over HTTP (needs wrk; use a release build).")

    @OptionGroup var scratch: BenchDirectoryOptions
    @Option(help: "Seconds per wrk run.") var seconds: Int = 5
    @Option(help: "Rounds; each runs bare, single records, batches and the SQLite ceiling once.") var rounds: Int = 3
    @Option(help: "Users in the population.") var users: Int = 1_000

    func run() async throws {
        let directory = try scratch.fresh("ingest")
        let population = try await FixtureWriter(dataDirectory: directory, users: users, events: 0, seed: 42)
            .population()
        let load = try IngestLoad(directory: try scratch.fresh("wrk"), population: population)
        var logger = Logger(label: "oneledger.bench")
        logger.logLevel = .error
        var configuration = GatewayConfiguration(dataDirectory: directory)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.rateLimits = .disabled
        configuration.ingestKey = IngestLoad.key
        let ports = PortBox()
        let app = try await buildApplication(configuration, logger: logger) { await ports.set(0, $0) }
        let bare = BareRoute.application(logger: logger) { await ports.set(1, $0) }
        let group = ServiceGroup(
            configuration: .init(services: [app, bare], gracefulShutdownSignals: [], logger: logger))
        var results = IngestResults()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let (port, barePort) = try await ports.both()
            for round in 0..<max(rounds, 1) {
                results.bare.append(try load.bare(port: barePort, seconds: seconds))
                results.single.append(
                    try watched(port) { try load.singles(port: port, seconds: seconds, round: round) })
                results.batches.append(
                    try watched(port) { try load.batches(port: port, seconds: seconds, round: round) })
                results.ceiling.append(
                    try LogInsertCeiling.run(
                        path: try scratch.fresh("ceiling") + "/logs.sqlite", rows: results.batches.last?.events ?? 0,
                        population: population))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        scratch.removeAll()
        results.print(seconds: seconds)
    }

    /// `run`, with what the writer did meanwhile (commands per commit, mean fdatasync).
    private func watched(_ port: Int, _ run: () throws -> IngestLoad.Run) throws -> IngestLoad.Run {
        let before = try WriterCounters.read(port: port)
        var result = try run()
        (result.perCommit, result.fsyncMillis) = try WriterCounters.read(port: port).since(before)
        return result
    }
}

/// The bound ports of the two in-process servers, as they report them.
actor PortBox {
    private var ports: [Int: Int] = [:]

    func set(_ index: Int, _ port: Int) { ports[index] = port }

    func both() async throws -> (Int, Int) {
        for _ in 0..<500 {
            if let a = ports[0], let b = ports[1] { return (a, b) }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ValidationError("the servers did not start")
    }
}

/// The ceiling of the single-record runs: one constant JSON route, as `bare-route` serves it.
enum BareRoute {
    static func application(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void)
        -> some ApplicationProtocol
    {
        let body = ByteBuffer(string: #"{"success":true,"message":"","data":{"recorded":1,"duplicates":0,"head":1}}"#)
        let router = Router()
        router.get("bare") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { await onRunning($0.localAddress?.port ?? 0) }, logger: logger)
    }
}
