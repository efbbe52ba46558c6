import ArgumentParser
import EventStore
import Foundation
import Ledger
import SwiftProtobuf

/// `oneledger bench append`: durable appends of realistic usage events at several concurrencies,
/// each against a raw write+fdatasync loop of the same frame sizes run right after it.
struct AppendBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "append", abstract: "Durable append throughput and latency.")

    @OptionGroup var scratch: BenchDirectoryOptions
    @Option(help: "Seconds per measurement.") var seconds: Double = 4
    @Option(help: "Concurrent appenders, comma-separated.") var concurrency: String = "1,8,64,256"

    func run() async throws {
        let levels = concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let pool = UsagePool(count: 50_000)
        var rows: [[String]] = []
        var allSyncs: [Int64] = []
        for appenders in levels {
            let result = try await measureStore(appenders: appenders, pool: pool)
            let ceiling = try RawSyncLoop.run(
                directory: try scratch.fresh("raw-\(appenders)"), frameBytes: result.meanFrameBytes,
                duration: .seconds(seconds))
            let ceilingEvents = ceiling.framesPerSecond * result.eventsPerFrame
            allSyncs += result.syncNanos
            rows.append([
                "\(appenders)", formatted(result.eventsPerSecond), formatted(result.ack.micros(50)),
                formatted(result.ack.micros(99)), formatted(result.eventsPerFrame, digits: 1),
                "\(result.meanFrameBytes)", formatted(ceilingEvents), formatted(result.eventsPerSecond / ceilingEvents, digits: 2),
                formatted(ceiling.sync.micros(50)),
            ])
        }
        scratch.removeAll()
        print("durable appends of realistic usage events (one event per append, each appender awaits its ack)")
        printTable(
            ["appenders", "events/s", "ack p50 µs", "ack p99 µs", "events/fsync", "frame B", "ceiling ev/s", "ratio", "raw fsync p50 µs"],
            rows)
        var syncs = Samples()
        syncs.nanos = allSyncs
        print("store fdatasync over the run: p50 \(formatted(syncs.micros(50))) µs, p99 \(formatted(syncs.micros(99))) µs")
    }

    struct StoreResult {
        var eventsPerSecond: Double
        var ack: Samples
        var eventsPerFrame: Double
        var meanFrameBytes: Int
        var syncNanos: [Int64]
    }

    func measureStore(appenders: Int, pool: UsagePool) async throws -> StoreResult {
        let store = try EventStore(directory: try scratch.fresh("store-\(appenders)"))
        defer { store.close() }
        let deadline = ContinuousClock.now + .seconds(seconds)
        _ = store.statistics.take()
        let started = ContinuousClock.now
        let perTask = try await withThrowingTaskGroup(of: Samples.self) { group in
            for task in 0..<appenders {
                group.addTask {
                    var samples = Samples()
                    var i = task * 997
                    while ContinuousClock.now < deadline {
                        let event = pool.event(i)
                        i += 1
                        let sent = ContinuousClock.now
                        _ = try await store.append([event])
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
        let stats = store.statistics.take()
        var ack = Samples()
        for samples in perTask { ack.nanos += samples.nanos }
        return StoreResult(
            eventsPerSecond: Double(stats.events) / elapsed, ack: ack,
            eventsPerFrame: Double(stats.events) / Double(max(stats.frames, 1)),
            meanFrameBytes: stats.bytes / max(stats.frames, 1), syncNanos: stats.syncNanos)
    }
}

/// Pre-built realistic usage events, so that generating them is not what is measured.
struct UsagePool: Sendable {
    let events: [NewEvent]

    init(count: Int, seed: UInt64 = 42) {
        var generator = RealisticUsage(seed: seed)
        let now = Int64(Date().timeIntervalSince1970)
        events = (0..<count).map { i in
            let usage = generator.next(createdAt: now + Int64(i / 1000))
            return NewEvent(
                time: usage.createdAt * 1000 + Int64(i % 1000), type: EventType.usageRecorded,
                stream: "user:\(usage.userID)", metadata: EventMetadata(actorID: 0, requestID: "", clientIP: "127.0.0.1"),
                payload: (try? usage.serializedBytes()) ?? [])
        }
    }

    func event(_ i: Int) -> NewEvent { events[i % events.count] }
}

/// The ceiling: a loop that does nothing but write a frame-sized block at the end of a file and fdatasync it.
enum RawSyncLoop {
    struct Result {
        var framesPerSecond: Double
        var sync: Samples
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
        return Result(framesPerSecond: Double(frames) / (ContinuousClock.now - started).seconds, sync: sync)
    }
}
