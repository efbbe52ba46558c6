// CrashWriterContent: what `ledger-crash-writer` appends and reports, shared by the writer and
// the kill -9 tests so that the tests can rebuild every acknowledged event byte for byte.
public import EventStore

/// The events `ledger-crash-writer` appends, derived from (cycle, writer, counter) alone.
public enum CrashWriterContent {
    public static func events(cycle: Int, writer: Int, counter: Int) -> [NewEvent] {
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
}

/// One line the writer prints: an acknowledged event and where it came from,
/// `ack <seq> <cycle> <writer> <counter> <index> <crc32c of the event's encoding>`.
public struct CrashWriterAck: Equatable, Sendable {
    public var seq: UInt64
    public var cycle: Int
    public var writer: Int
    public var counter: Int
    public var index: Int
    public var checksum: UInt32

    public init(seq: UInt64, cycle: Int, writer: Int, counter: Int, index: Int, checksum: UInt32) {
        (self.seq, self.cycle, self.writer, self.counter, self.index, self.checksum) = (
            seq, cycle, writer, counter, index, checksum
        )
    }

    /// Parses an `ack` line; nil for anything else.
    public init?(line: Substring) {
        let fields = line.split(separator: " ")
        guard fields.count == 7, fields[0] == "ack", let seq = UInt64(fields[1]), let cycle = Int(fields[2]),
            let writer = Int(fields[3]), let counter = Int(fields[4]), let index = Int(fields[5]),
            let checksum = UInt32(fields[6])
        else { return nil }
        self.init(seq: seq, cycle: cycle, writer: writer, counter: counter, index: index, checksum: checksum)
    }

    /// The line as the writer prints it (without the newline).
    public var line: String { "ack \(seq) \(cycle) \(writer) \(counter) \(index) \(checksum)" }

    /// The event the line acknowledges, rebuilt.
    public var event: NewEvent? {
        let events = CrashWriterContent.events(cycle: cycle, writer: writer, counter: counter)
        return index < events.count ? events[index] : nil
    }

    /// The event a record's request id says it is, rebuilt; nil when the record is not a writer's event.
    public static func expectedEvent(for record: EventRecord) -> NewEvent? {
        let parts = record.metadata.requestID.split(separator: "-")
        guard parts.count == 4, let cycle = Int(parts[0].dropFirst()), let writer = Int(parts[1].dropFirst()),
            let counter = Int(parts[2].dropFirst()), let index = Int(parts[3].dropFirst())
        else { return nil }
        let events = CrashWriterContent.events(cycle: cycle, writer: writer, counter: counter)
        return index < events.count ? events[index] : nil
    }
}
