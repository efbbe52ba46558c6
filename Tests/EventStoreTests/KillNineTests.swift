import CrashWriterContent
import Foundation
import TestSupport
import Testing

@testable import EventStore

/// Real crashes: a child process appends under concurrent load and is killed with SIGKILL at a
/// random moment, again and again on the same ledger.
@Suite struct KillNineTests {
    static let cycles = TestEnvironment.count("ONELEDGER_KILL_CYCLES", default: 50)

    // MARK: - The child process

    /// `ledger-crash-writer`, built by `swift build --build-tests` next to the test bundle.
    static var writerURL: URL { builtExecutable("ledger-crash-writer") }

    /// Starts the writer, kills it after `delay`, and returns the acknowledgements it reported.
    static func runAndKill(directory: String, cycle: Int, delay: Duration) async throws -> [CrashWriterAck] {
        let process = Process()
        process.executableURL = writerURL
        process.arguments = [directory, String(cycle), "4"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Read while it runs so that a full pipe never holds the writer back.
        let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        try await Task.sleep(for: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let data = await reader.value
        #expect(
            process.terminationReason == .uncaughtSignal,
            "cycle \(cycle): the writer exited by itself: \(String(decoding: data.suffix(300), as: UTF8.self))")
        let text = String(decoding: data, as: UTF8.self)
        // A line cut by the kill has no newline yet; every whole line is an acknowledgement.
        return text.split(separator: "\n", omittingEmptySubsequences: true).dropLast(text.hasSuffix("\n") ? 0 : 1)
            .compactMap(CrashWriterAck.init(line:))
    }

    // MARK: - Tests

    @Test func everyAcknowledgedEventSurvivesKillNine() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.writerURL.path),
            "ledger-crash-writer not found at \(Self.writerURL.path); run swift build --build-tests")
        try await withTemporaryDirectory { dir in
            var acked: [UInt64: CrashWriterAck] = [:]
            var random = SplitMix(seed: UInt64(Date().timeIntervalSince1970))
            var checked = LedgerHead.empty
            for cycle in 0..<Self.cycles {
                let delay = Duration.milliseconds(Int.random(in: 50...300, using: &random))
                for ack in try await Self.runAndKill(directory: dir, cycle: cycle, delay: delay) {
                    #expect(
                        acked[ack.seq] == nil || acked[ack.seq] == ack, "seq \(ack.seq) acknowledged for two events")
                    acked[ack.seq] = ack
                }
                // Check without repairing: the next writer recovers the ledger itself.
                let report = try LogVerifier.verify(directory: dir)
                #expect(report.ok, "cycle \(cycle): \(String(describing: report.problem))")
                let store = try EventStore(directory: dir, configuration: .readOnlyDefault, logger: quietLogger)
                // The chain verified from the first frame, so the frame checked last time still
                // having its hash proves everything up to it unchanged; check what came after.
                if checked.seq > 0 {
                    var cursor = try store.frames(from: checked.seq)
                    #expect(try cursor.next()?.hash == checked.hash, "cycle \(cycle): earlier frames changed")
                }
                try await Self.expectIntact(store, acked: acked, from: checked.seq + 1, context: "cycle \(cycle)")
                checked = store.head
                store.close()
            }
            // Finally a writable open: the torn tail (if any) goes, and the log verifies clean.
            let store = try EventStore.posix(dir, EventStoreConfiguration())
            try await Self.expectIntact(store, acked: acked, from: 1, context: "final reopen")
            store.close()
            let report = try LogVerifier.verify(directory: dir)
            #expect(report.ok && report.tornTail == nil)
            #expect(acked.count > Self.cycles, "only \(acked.count) events acknowledged in \(Self.cycles) cycles")
        }
    }

    // MARK: - Helpers

    /// Every acknowledged event from `seq` on is there byte for byte; every event there is a whole writer event.
    static func expectIntact(_ store: EventStore, acked: [UInt64: CrashWriterAck], from seq: UInt64, context: String)
        async throws
    {
        let records = try await store.readAll(from: seq)
        #expect(records.map(\.seq) == Array(stride(from: seq, to: seq + UInt64(records.count), by: 1)))
        var bySeq: [UInt64: EventRecord] = [:]
        for record in records {
            bySeq[record.seq] = record
            #expect(
                CrashWriterAck.expectedEvent(for: record) == record.event,
                "\(context): seq \(record.seq) is not a whole writer event")
        }
        var lost = 0
        for (ackedSeq, ack) in acked where ackedSeq >= seq {
            let event = bySeq[ackedSeq]?.event
            if event == nil || event != ack.event || CRC32C.checksum(EventBatch.encode([event!])) != ack.checksum {
                lost += 1
            }
        }
        #expect(lost == 0, "\(context): \(lost) of \(acked.count) acknowledged events lost or changed")
    }
}
