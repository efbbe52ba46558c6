import ArgumentParser
import Foundation

extension OneLedgerCommand {
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the ledger against ceilings measured in the same run (use a release build).",
            subcommands: [
                AppendBench.self, ScanBench.self, IngestBench.self, ApplyBench.self, QueryBench.self,
                ReplayBench.self,
            ])
    }
}

/// Where benchmarks put their throw-away ledgers.
struct BenchDirectoryOptions: ParsableArguments {
    @Option(name: .customLong("dir"), help: "Scratch folder (emptied first, removed after).")
    var directory: String = "./bench-data"

    func fresh(_ name: String) throws -> String {
        let path = directory + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func removeAll() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Latency samples and their percentiles.
struct Samples {
    var nanos: [Int64] = []

    mutating func append(_ duration: Duration) {
        nanos.append(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    func micros(_ percentile: Double) -> Double {
        guard !nanos.isEmpty else { return 0 }
        let sorted = nanos.sorted()
        return Double(sorted[min(sorted.count - 1, Int(percentile / 100 * Double(sorted.count)))]) / 1000
    }
}

func formatted(_ value: Double, digits: Int = 0) -> String {
    String(format: "%.\(digits)f", value)
}

/// Prints rows as an aligned text table.
func printTable(_ header: [String], _ rows: [[String]]) {
    let widths = header.indices.map { column in
        ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
            .joined(separator: "  ")
    }
    print(line(header))
    print(line(widths.map { String(repeating: "-", count: $0) }))
    for row in rows { print(line(row)) }
}

/// Runs `arguments` through `/usr/bin/env` (wrk, curl) and returns what it printed and its status.
func commandOutput(_ arguments: [String]) throws -> (text: String, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (text, process.terminationStatus)
}
