import Foundation
import Synchronization
import TestSupport
import Testing

@testable import EventStore

/// Where simulated ledgers live: `/data` is durable from the start, the store creates `/data/ledger`.
let simulatedLedger = "/data/ledger"

extension EventStoreConfiguration {
    /// Tiny segments, frames and hint intervals, so a few appends exercise rollovers and hints.
    static func small(
        segmentBytes: Int64 = 2_048, hintBytes: Int64 = 700, frameBytes: Int = 4_096, readOnly: Bool = false
    ) -> EventStoreConfiguration {
        var configuration = EventStoreConfiguration()
        configuration.maxSegmentBytes = segmentBytes
        configuration.hintIntervalBytes = hintBytes
        configuration.targetFrameBytes = frameBytes
        configuration.readOnly = readOnly
        return configuration
    }
}

extension EventStore {
    /// Opens a store on the simulated file system with a quiet logger.
    static func simulated(
        _ fileSystem: SimulatedFileSystem, _ configuration: EventStoreConfiguration = .small(),
        directory: String = simulatedLedger
    ) throws -> EventStore {
        try EventStore(directory: directory, configuration: configuration, fileSystem: fileSystem, logger: quietLogger)
    }

    /// Opens a store on the real file system with a quiet logger.
    static func posix(_ directory: String, _ configuration: EventStoreConfiguration = .small()) throws -> EventStore {
        try EventStore(directory: directory, configuration: configuration, logger: quietLogger)
    }

    /// Every event from seq 1 to the head.
    func readAll(from seq: UInt64 = 1) async throws -> [EventRecord] {
        var records: [EventRecord] = []
        for try await record in events(from: seq) { records.append(record) }
        return records
    }
}

/// Events a test appended and the seqs the store acknowledged for them, safe to fill from many tasks.
final class AckLog: Sendable {
    private let acked = Mutex<[UInt64: NewEvent]>([:])

    func record(_ events: [NewEvent], _ result: AppendResult) {
        acked.withLock { acked in
            for (index, event) in events.enumerated() { acked[result.firstSeq + UInt64(index)] = event }
        }
    }

    var snapshot: [UInt64: NewEvent] { acked.withLock { $0 } }
    var count: Int { acked.withLock { $0.count } }
}

/// Appends `batches` one after the other and returns the acknowledged events in seq order.
@discardableResult
func appendAll(_ batches: [[NewEvent]], to store: EventStore) async throws -> [EventRecord] {
    var records: [EventRecord] = []
    for batch in batches {
        let result = try await store.append(batch)
        #expect(result.lastSeq - result.firstSeq + 1 == UInt64(batch.count))
        for (index, event) in batch.enumerated() {
            records.append(EventRecord(seq: result.firstSeq + UInt64(index), event: event))
        }
    }
    return records
}

/// The bytes of every acknowledged event must be in the store, at its seq.
func expectAllPresent(_ acked: [UInt64: NewEvent], in records: [EventRecord], _ context: @autoclosure () -> String) {
    var bySeq: [UInt64: NewEvent] = [:]
    for record in records { bySeq[record.seq] = record.event }
    let missing = acked.keys.sorted().filter { bySeq[$0] != acked[$0] }
    #expect(
        missing.isEmpty,
        "\(context()): \(missing.count) acknowledged events lost or changed, first seq \(missing.first ?? 0)")
}

/// The segment files of a ledger directory on the simulated file system, oldest first.
func segmentPaths(_ image: SimulatedFileSystem.Image, directory: String = simulatedLedger) -> [String] {
    image.files(in: directory).filter { $0.hasSuffix(".seg") }
}

/// Byte offsets and lengths of the frames in a segment's bytes (walking the headers).
func frameOffsets(_ bytes: [UInt8]) -> [(offset: Int, length: Int)] {
    var frames: [(Int, Int)] = []
    var offset = 0
    while offset + FrameHeader.size <= bytes.count {
        guard let header = try? bytes[offset...].withUnsafeBytes({ try FrameHeader.parse($0) }) else { break }
        frames.append((offset, header.frameLength))
        offset += header.frameLength
    }
    return frames
}
