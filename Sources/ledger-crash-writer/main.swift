// ledger-crash-writer: the child process of the kill -9 tests. It appends to a ledger from
// several concurrent writers and reports every acknowledged event on stdout, until it is killed.
//
// Usage: ledger-crash-writer DIRECTORY CYCLE [WRITERS]
// Each acknowledged event is one line, written with a single write(2) after its append returned:
//   ack <seq> <cycle> <writer> <counter> <index> <crc32c of the event's encoding>
// The events and the line format are CrashWriterContent's, which the kill -9 tests share.

import CrashWriterContent
import EventStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func report(_ line: String) {
    var bytes = Array(line.utf8)
    bytes.append(UInt8(ascii: "\n"))
    // One write of well under PIPE_BUF bytes: lines from concurrent writers never interleave.
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let cycle = Int(arguments[2]) else {
    report("usage: ledger-crash-writer DIRECTORY CYCLE [WRITERS]")
    exit(2)
}
let writers = arguments.count > 3 ? Int(arguments[3]) ?? 4 : 4

var configuration = EventStoreConfiguration()
configuration.maxSegmentBytes = 64 << 10
configuration.hintIntervalBytes = 8 << 10
let store = try EventStore(directory: arguments[1], configuration: configuration)

await withThrowingTaskGroup(of: Void.self) { group in
    for writer in 0..<writers {
        group.addTask {
            var counter = 0
            while true {
                let events = CrashWriterContent.events(cycle: cycle, writer: writer, counter: counter)
                let result = try await store.append(events)
                for (index, event) in events.enumerated() {
                    let checksum = CRC32C.checksum(EventBatch.encode([event]))
                    let seq = result.firstSeq + UInt64(index)
                    let ack = CrashWriterAck(
                        seq: seq, cycle: cycle, writer: writer, counter: counter, index: index, checksum: checksum)
                    report(ack.line)
                }
                counter += 1
            }
        }
    }
    do {
        try await group.waitForAll()
    } catch {
        report("error \(error)")
        exit(1)
    }
}
