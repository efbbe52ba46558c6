import ArgumentParser
import Engine
import EventStore
import Foundation
import Ledger
import SwiftProtobuf

/// `oneledger bench append`: durable appends of realistic usage events at several concurrencies,
/// each against a raw write+fdatasync loop of the same frame sizes run right after it.
struct AppendBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append", abstract: "Durable append throughput and latency.")

    @OptionGroup var scratch: BenchDirectoryOptions
    @Option(help: "Seconds per measurement.") var seconds: Double = 4
    @Option(help: "Concurrent appenders, comma-separated.") var concurrency: String = "1,8,64,256"

    @Option(help: "Rounds per concurrency; store and ceiling alternate so that both see the same disk.")
    var rounds: Int = 8

    func run() async throws {
        let levels = concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let pool = UsagePool(count: 50_000)
        var rows: [[String]] = []
        var storeSyncs = Samples()
        var rawSyncs = Samples()
        let slice = Duration.seconds(seconds / Double(max(rounds, 1)))
        for appenders in levels {
            let store = try BenchLedger(directory: try scratch.fresh("store-\(appenders)"))
            var measured = StoreResult()
            var ceiling = RawSyncLoop.Result()
            for _ in 0..<max(rounds, 1) {
                measured.add(try await measureStore(store, appenders: appenders, pool: pool, duration: slice))
                ceiling.add(
                    try RawSyncLoop.run(
                        directory: try scratch.fresh("raw-\(appenders)"), frameBytes: measured.meanFrameBytes,
                        duration: slice))
            }
            store.close()
            storeSyncs.nanos += measured.syncNanos
            rawSyncs.nanos += ceiling.sync.nanos
            let ceilingEvents = ceiling.framesPerSecond * measured.eventsPerFrame
            rows.append([
                "\(appenders)", formatted(measured.eventsPerSecond), formatted(measured.ack.micros(50)),
                formatted(measured.ack.micros(99)), formatted(measured.eventsPerFrame, digits: 1),
                "\(measured.meanFrameBytes)", formatted(ceilingEvents),
                formatted(measured.eventsPerSecond / ceilingEvents, digits: 2), formatted(ceiling.sync.micros(50)),
            ])
        }
        scratch.removeAll()
        print("durable appends of realistic usage events (one event per append, each appender awaits its ack)")
        print(
            "ceiling = raw pwrite+fdatasync loop of the store's mean frame size x the store's events per frame, alternating with the store"
        )
        printTable(
            [
                "appenders", "events/s", "ack p50 µs", "ack p99 µs", "events/fsync", "frame B", "ceiling ev/s", "ratio",
                "raw fsync p50 µs",
            ],
            rows)
        print(
            "fdatasync over the run: store p50 \(formatted(storeSyncs.micros(50))) µs, p99 \(formatted(storeSyncs.micros(99))) µs; raw loop p50 \(formatted(rawSyncs.micros(50))) µs, p99 \(formatted(rawSyncs.micros(99))) µs"
        )
    }

    struct StoreResult {
        var events = 0
        var frames = 0
        var bytes = 0
        var elapsed = 0.0
        var ack = Samples()
        var syncNanos: [Int64] = []

        var eventsPerSecond: Double { Double(events) / max(elapsed, 1e-9) }
        var eventsPerFrame: Double { Double(events) / Double(max(frames, 1)) }
        var meanFrameBytes: Int { bytes / max(frames, 1) }

        mutating func add(_ other: StoreResult) {
            events += other.events
            frames += other.frames
            bytes += other.bytes
            elapsed += other.elapsed
            ack.nanos += other.ack.nanos
            syncNanos += other.syncNanos
        }
    }

    func measureStore(_ store: BenchLedger, appenders: Int, pool: UsagePool, duration: Duration) async throws
        -> StoreResult
    {
        _ = store.takeStatistics()
        let started = ContinuousClock.now
        let deadline = started + duration
        let perTask = try await withThrowingTaskGroup(of: Samples.self) { group in
            for task in 0..<appenders {
                group.addTask {
                    var samples = Samples()
                    var i = task * 997
                    while ContinuousClock.now < deadline {
                        let event = pool.event(i)
                        i += 1
                        let sent = ContinuousClock.now
                        try await store.append([event])
                        samples.append(ContinuousClock.now - sent)
                    }
                    return samples
                }
            }
            var all: [Samples] = []
            for try await samples in group { all.append(samples) }
            return all
        }
        let elapsed = (ContinuousClock.now - started).seconds
        let stats = store.takeStatistics()
        var result = StoreResult(
            events: stats.events, frames: stats.frames, bytes: stats.bytes, elapsed: elapsed, syncNanos: stats.syncNanos
        )
        for samples in perTask { result.ack.nanos += samples.nanos }
        return result
    }
}

/// Pre-built realistic usage events, so that generating them is not what is measured.
struct UsagePool: Sendable {
    let events: [BenchLedger.Event]

    init(count: Int, seed: UInt64 = 42) {
        var generator = RealisticUsage(seed: seed)
        let now = Int64(Date().timeIntervalSince1970)
        events = (0..<count).map { i in
            let usage = generator.next(createdAt: now + Int64(i / 1000))
            return BenchLedger.Event(
                time: usage.createdAt * 1000 + Int64(i % 1000), type: Oneledger_V1_UsageRecorded.wireName,
                stream: "user:\(usage.userID)", clientIP: "127.0.0.1", payload: (try? usage.serializedBytes()) ?? [])
        }
    }

    func event(_ i: Int) -> BenchLedger.Event { events[i % events.count] }
}

/// The ceiling: a loop that does nothing but write a frame-sized block at the end of a file and fdatasync it.
enum RawSyncLoop {
    struct Result {
        var frames = 0
        var elapsed = 0.0
        var sync = Samples()

        var framesPerSecond: Double { Double(frames) / max(elapsed, 1e-9) }

        mutating func add(_ other: Result) {
            frames += other.frames
            elapsed += other.elapsed
            sync.nanos += other.sync.nanos
        }
    }

    static func run(directory: String, frameBytes: Int, duration: Duration) throws -> Result {
        let fd = open(directory + "/raw.seg", O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ValidationError("cannot create the raw file in \(directory)") }
        defer { close(fd) }
        var block = [UInt8](repeating: 0, count: max(frameBytes, 1))
        for i in block.indices { block[i] = UInt8(truncatingIfNeeded: i &* 31) }
        var offset: off_t = 0
        var frames = 0
        var sync = Samples()
        let started = ContinuousClock.now
        let deadline = started + duration
        while ContinuousClock.now < deadline {
            let written = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, offset) }
            guard written == block.count else { throw ValidationError("raw write failed") }
            offset += off_t(written)
            let before = ContinuousClock.now
            guard fdatasync(fd) == 0 else { throw ValidationError("raw fdatasync failed") }
            sync.append(ContinuousClock.now - before)
            frames += 1
        }
        return Result(frames: frames, elapsed: (ContinuousClock.now - started).seconds, sync: sync)
    }
}
