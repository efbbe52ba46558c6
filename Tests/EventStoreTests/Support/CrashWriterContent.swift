@testable import EventStore

/// The events `ledger-crash-writer` appends, rebuilt from (cycle, writer, counter) alone. This
/// must stay the same function as the one in Sources/ledger-crash-writer/main.swift.
func crashWriterEvents(cycle: Int, writer: Int, counter: Int) -> [NewEvent] {
    let count = 1 + (cycle &* 7 &+ writer &* 3 &+ counter) % 3
    return (0..<count).map { index in
        let tag = "c\(cycle)-w\(writer)-n\(counter)-e\(index)"
        let size = 20 + (counter &* 37 &+ index &* 11 &+ writer) % 200
        var payload = Array(tag.utf8)
        while payload.count < size { payload.append(UInt8(truncatingIfNeeded: payload.count &* 31 &+ counter)) }
        return NewEvent(
            time: 1_700_000_000_000 + Int64(cycle) * 1_000_000 + Int64(counter), type: "CrashWriterAppended",
            stream: "writer:\(writer)",
            metadata: EventMetadata(actorID: Int64(writer), requestID: tag, clientIP: "127.0.0.1"),
            payload: payload)
    }
}

/// One line the writer printed: an acknowledged event and where it came from.
struct CrashWriterAck: Equatable {
    var seq: UInt64
    var cycle: Int
    var writer: Int
    var counter: Int
    var index: Int
    var checksum: UInt32

    /// Parses `ack <seq> <cycle> <writer> <counter> <index> <crc>`; nil for anything else.
    init?(line: Substring) {
        let fields = line.split(separator: " ")
        guard fields.count == 7, fields[0] == "ack", let seq = UInt64(fields[1]), let cycle = Int(fields[2]),
            let writer = Int(fields[3]), let counter = Int(fields[4]), let index = Int(fields[5]),
            let checksum = UInt32(fields[6])
        else { return nil }
        (self.seq, self.cycle, self.writer, self.counter, self.index, self.checksum) = (
            seq, cycle, writer, counter, index, checksum
        )
    }

    var event: NewEvent? {
        let events = crashWriterEvents(cycle: cycle, writer: writer, counter: counter)
        return index < events.count ? events[index] : nil
    }

    /// The event a record's request id says it is, rebuilt; nil when the record is not a writer's event.
    static func expectedEvent(for record: EventRecord) -> NewEvent? {
        let parts = record.metadata.requestID.split(separator: "-")
        guard parts.count == 4, let cycle = Int(parts[0].dropFirst()), let writer = Int(parts[1].dropFirst()),
            let counter = Int(parts[2].dropFirst()), let index = Int(parts[3].dropFirst())
        else { return nil }
        let events = crashWriterEvents(cycle: cycle, writer: writer, counter: counter)
        return index < events.count ? events[index] : nil
    }
}
