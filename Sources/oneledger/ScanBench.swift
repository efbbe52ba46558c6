import ArgumentParser
import Engine
import EventStore
import Foundation
import Ledger
import SwiftProtobuf

/// `oneledger bench scan`: fills a ledger with realistic usage events, then reads it back three
/// ways — the ceiling (read + CRC + LZ4 only), envelopes decoded, payloads decoded — and reports
/// the bytes each event takes on disk.
struct ScanBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "Replay scan speed and bytes per event.")

    @OptionGroup var scratch: BenchDirectoryOptions
    @Option(help: "Events to write and scan.") var events: Int = 10_000_000
    @Flag(help: "Skip the (slow) protobuf payload scan.") var skipPayloads = false
    @Flag(help: "Keep the ledger (as <dir>/scan, a data folder for verify and inspect).") var keep = false

    func run() async throws {
        let directory = try scratch.fresh("scan") + "/ledger"
        // The fill is not what is measured: it skips fdatasync so that 10 million events take
        // seconds, not minutes. The ledger is then reopened (and checked) as usual.
        let filler = try BenchLedger(directory: directory, skipDataSync: true)
        let fillStarted = ContinuousClock.now
        try await fill(filler)
        let fillSeconds = (ContinuousClock.now - fillStarted).seconds
        filler.close()
        let store = try BenchLedger(directory: directory)

        let ceiling = try timed { try ceilingScan(store) }
        let envelopes = try timed { try envelopeScan(store) }
        let payloads = skipPayloads ? (count: 0, seconds: 0.0, rate: 0.0) : try timed { try payloadScan(store) }
        store.close()
        let onDisk = try diskBytes(directory)
        if !keep { scratch.removeAll() }

        print("\(events) realistic usage events written in \(formatted(fillSeconds, digits: 1)) s; warm page cache")
        printTable(
            ["scan", "events", "seconds", "events/s", "vs ceiling"],
            [
                [
                    "ceiling: read + CRC + LZ4", "\(ceiling.count)", formatted(ceiling.seconds, digits: 2),
                    formatted(ceiling.rate), "1.00",
                ],
                [
                    "read + CRC + envelopes", "\(envelopes.count)", formatted(envelopes.seconds, digits: 2),
                    formatted(envelopes.rate), formatted(envelopes.rate / ceiling.rate, digits: 2),
                ],
                [
                    "... + protobuf payloads", "\(payloads.count)", formatted(payloads.seconds, digits: 2),
                    formatted(payloads.rate), formatted(payloads.rate / ceiling.rate, digits: 2),
                ],
            ])
        print(
            "on disk: \(onDisk) bytes (segments + indexes) = \(formatted(Double(onDisk) / Double(events), digits: 1)) bytes per event"
        )
    }

    /// Many concurrent appends of about 64 KiB each, so frames come out full.
    private func fill(_ store: BenchLedger) async throws {
        let pool = UsagePool(count: 200_000)
        let perAppend = 200
        let appends = (events + perAppend - 1) / perAppend
        let workers = 16
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var n = worker
                    while n < appends {
                        let first = n * perAppend
                        let count = min(perAppend, events - first)
                        try await store.append((first..<first + count).map { pool.event($0) })
                        n += workers
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private func ceilingScan(_ store: BenchLedger) throws -> Int { try store.scanFrames() }

    private func envelopeScan(_ store: BenchLedger) throws -> Int { try store.scanEnvelopes() }

    private func payloadScan(_ store: BenchLedger) throws -> Int {
        try store.scanPayloads { payload in try Oneledger_V1_UsageRecorded(serializedBytes: payload).quota >= 0 }
    }

    private func timed(_ body: () throws -> Int) throws -> (count: Int, seconds: Double, rate: Double) {
        let started = ContinuousClock.now
        let count = try body()
        let seconds = (ContinuousClock.now - started).seconds
        guard count == events else { throw ValidationError("scanned \(count) events, wrote \(events)") }
        return (count, seconds, Double(count) / seconds)
    }

    private func diskBytes(_ directory: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".seg") || $0.hasSuffix(".idx") }
            .reduce(0) { total, name in
                let size =
                    (try FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int) ?? 0
                return total + size
            }
    }
}
