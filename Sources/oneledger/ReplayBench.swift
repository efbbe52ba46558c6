import ArgumentParser
import EventStore
import Foundation
import Replay

/// `oneledger bench replay`: a full replay of an existing data folder into all read models
/// (written to a scratch folder, the folder itself untouched), beside the ceilings measured in
/// the same run — the raw scan (read, CRC, LZ4) and the checked decode a replay starts with
/// (hash chain, envelopes, payloads) — in alternating rounds.
struct ReplayBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay into all read models against the raw scan ceiling.")

    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var scratch: BenchDirectoryOptions
    @Option(help: "Rounds; the three ways alternate.") var rounds = 3

    func run() throws {
        var scans: [Double] = []
        var checked: [Double] = []
        var replays: [Double] = []
        var events = 0
        var timings: [ReplayRebuild.Timing] = []
        for _ in 0..<max(rounds, 1) {
            scans.append(try timed { try ReplayRebuild.scanCeiling(dataDirectory: data.dataDirectory) }.rate)
            checked.append(try timed { try ReplayRebuild.scanChecked(dataDirectory: data.dataDirectory) }.rate)
            var options = ReplayRebuild.Options(dataDirectory: data.dataDirectory)
            options.outDirectory = try scratch.fresh("replay")
            var outcome: ReplayRebuild.Outcome?
            let run = try timed {
                outcome = try ReplayRebuild.run(options)
                return outcome?.events ?? 0
            }
            if let outcome { timings.append(outcome.timing) }
            events = run.count
            replays.append(run.rate)
            scratch.removeAll()
        }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        let ceiling = mean(scans)
        print("replay of \(data.dataDirectory): \(events) events, \(scans.count) alternating rounds, warm page cache")
        printTable(
            ["way", "events/s (mean)", "vs ceiling", "rounds"],
            [
                [
                    "ceiling: read + CRC + LZ4", formatted(ceiling), "1.00",
                    scans.map { formatted($0) }.joined(separator: " "),
                ],
                [
                    "checked: + hash chain + decode", formatted(mean(checked)),
                    formatted(mean(checked) / ceiling, digits: 2),
                    checked.map { formatted($0) }.joined(separator: " "),
                ],
                [
                    "replay into all read models", formatted(mean(replays)),
                    formatted(mean(replays) / ceiling, digits: 3),
                    replays.map { formatted($0) }.joined(separator: " "),
                ],
            ])
        print("replay: \(formatted(Double(events) / mean(replays), digits: 1)) s for \(events) events")
        printTable(
            ["replay round", "main lane s", "side lane s", "end: copy s", "end: sort + index s"],
            timings.enumerated().map { round, timing in
                [
                    "\(round + 1)", formatted(timing.mainLane, digits: 1), formatted(timing.sideLane, digits: 1),
                    formatted(timing.copy, digits: 1), formatted(timing.sortAndIndex, digits: 1),
                ]
            })
    }

    private func timed(_ body: () throws -> Int) throws -> (count: Int, rate: Double) {
        let started = ContinuousClock.now
        let count = try body()
        return (count, Double(count) / (ContinuousClock.now - started).seconds)
    }
}
