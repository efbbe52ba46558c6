import ArgumentParser
import EventStore
import Foundation
import GRDB
import Ledger
import Projections

/// `oneledger bench apply`: the gain of folding a usage batch's counters once per user, token
/// and channel. The same realistic usage events are applied to fresh read models (with the
/// fixture population's rows in place) in chunks of 1,000 per transaction (`--chunk`), first one event at a
/// time (one UPDATE per record and row), then as runs (one UPDATE per row per chunk), then as
/// runs without `entity_snapshots` (what the point-in-time snapshots cost the fold).
struct ApplyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Counter updates per record against once per batch.")

    @OptionGroup var scratch: BenchDirectoryOptions
    @Option(help: "Usage events applied per way.") var events: Int = 200_000
    @Option(help: "Users in the population.") var users: Int = 1_000
    @Option(help: "Rounds; the ways alternate.") var rounds: Int = 3
    @Option(help: "Events per transaction (replay folds 20,000).") var chunk: Int = 1_000

    func run() async throws {
        let population = try await FixtureWriter(
            dataDirectory: try scratch.fresh("population"), users: users, events: 0, seed: 42
        ).population()
        let template = scratch.directory + "/population/readmodels.sqlite"
        var generator = RealisticUsage(seed: 5, population: population)
        let now = Int64(Date().timeIntervalSince1970)
        let recorded = (0..<events).map { i in
            RecordedEvent(
                seq: UInt64(1_000_000 + i), time: now * 1000, actorID: 0, requestID: "", clientIP: "",
                event: .usageRecorded(generator.next(createdAt: now)))
        }
        var perRecord: [Double] = []
        var batched: [Double] = []
        var unsnapshotted: [Double] = []
        let withoutSnapshots = ReadModels.projectionNames.subtracting(["entity_snapshots"])
        for round in 0..<max(rounds, 1) {
            for way in 0..<3 {
                let path = try scratch.fresh("apply-\(round)-\(way)") + "/readmodels.sqlite"
                try FileManager.default.copyItem(atPath: template, toPath: path)
                let models = try ReadModels.open(path: path)
                let started = ContinuousClock.now
                for start in stride(from: 0, to: recorded.count, by: max(chunk, 1)) {
                    let slice = recorded[start..<min(recorded.count, start + max(chunk, 1))]
                    try await models.writer.write { db in
                        switch way {
                        case 0: for event in slice { try ReadModels.apply(event, db) }
                        case 1: try ReadModels.apply(slice, db)
                        default: try ReadModels.apply(slice, db, only: withoutSnapshots)
                        }
                    }
                }
                let rate = Double(events) / (ContinuousClock.now - started).seconds
                switch way {
                case 0: perRecord.append(rate)
                case 1: batched.append(rate)
                default: unsnapshotted.append(rate)
                }
            }
        }
        scratch.removeAll()
        let a = perRecord.reduce(0, +) / Double(perRecord.count)
        let b = batched.reduce(0, +) / Double(batched.count)
        let c = unsnapshotted.reduce(0, +) / Double(unsnapshotted.count)
        print("apply of \(events) realistic usage events, chunks of \(chunk) per transaction, \(users) users")
        printTable(
            ["way", "events/s (mean of \(perRecord.count))", "rounds"],
            [
                [
                    "one UPDATE per record and row", formatted(a),
                    perRecord.map { formatted($0) }.joined(separator: " "),
                ],
                ["once per row per batch", formatted(b), batched.map { formatted($0) }.joined(separator: " ")],
                [
                    "once per row per batch, no entity_snapshots", formatted(c),
                    unsnapshotted.map { formatted($0) }.joined(separator: " "),
                ],
            ])
        print("gain: \(formatted(b / max(a, 1), digits: 2)) ×")
        print("entity_snapshots costs the batched fold \(formatted((1 - b / max(c, 1)) * 100, digits: 1)) %")
    }
}
