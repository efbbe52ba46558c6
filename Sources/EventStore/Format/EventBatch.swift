#if canImport(Glibc)
    import Glibc
#endif

/// The uncompressed body of a frame: events, each length-prefixed.
///
/// One event = varint length, then: signed varint time (ms), type, stream, signed varint actor
/// id, request id, client IP (each string a varint length + UTF-8) and the payload (varint
/// length + bytes). Sequence numbers are implicit: the frame header gives the first.
public enum EventBatch {
    /// Encodes events into `writer`; the caller's thread does this work, not the commit thread.
    static func encode(_ events: [NewEvent], into writer: inout ByteWriter) {
        for event in events {
            let time = zigzag(event.time)
            let actor = zigzag(event.metadata.actorID)
            let length =
                varintSize(time) + stringSize(event.type) + stringSize(event.stream) + varintSize(actor)
                + stringSize(event.metadata.requestID) + stringSize(event.metadata.clientIP)
                + varintSize(UInt64(event.payload.count)) + event.payload.count
            writer.writeVarint(UInt64(length))
            writer.writeVarint(time)
            writer.writeString(event.type)
            writer.writeString(event.stream)
            writer.writeVarint(actor)
            writer.writeString(event.metadata.requestID)
            writer.writeString(event.metadata.clientIP)
            writer.writeBytes(event.payload)
        }
    }

    private static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    private static func varintSize(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }

    private static func stringSize(_ value: String) -> Int {
        let count = value.utf8.count
        return varintSize(UInt64(count)) + count
    }

    public static func encode(_ events: [NewEvent]) -> [UInt8] {
        var writer = ByteWriter(capacity: events.count * 256)
        encode(events, into: &writer)
        return writer.bytes
    }

    struct Malformed: Error {}

    /// Decodes exactly `count` events numbered from `firstSeq`; any leftover or missing byte is an error.
    public static func decode(_ batch: [UInt8], firstSeq: UInt64, count: Int) throws -> [EventRecord] {
        try batch.withUnsafeBytes { try decode(batch, $0, firstSeq: firstSeq, count: count) }
    }

    private static func decode(
        _ batch: [UInt8], _ raw: UnsafeRawBufferPointer, firstSeq: UInt64, count: Int
    ) throws -> [EventRecord] {
        var reader = ByteReader(raw)
        var events = [EventRecord]()
        events.reserveCapacity(count)
        // Types, streams, request ids and addresses repeat within a frame: reuse the last string
        // when the bytes are the same instead of validating and building it again.
        var types = RecentString()
        var streams = RecentString()
        var requestIDs = RecentString()
        var addresses = RecentString()
        do {
            for index in 0..<count {
                let length = try reader.readLength()
                let end = reader.position + length
                let time = try reader.readSignedVarint()
                let type = try types.read(&reader)
                let stream = try streams.read(&reader)
                let actor = try reader.readSignedVarint()
                let requestID = try requestIDs.read(&reader)
                let clientIP = try addresses.read(&reader)
                let payloadLength = try reader.readLength()
                let payloadStart = reader.position
                _ = try reader.readRaw(count: payloadLength)
                guard reader.position == end else { throw Malformed() }
                events.append(
                    EventRecord(
                        seq: firstSeq + UInt64(index), time: time, type: type, stream: stream,
                        metadata: EventMetadata(actorID: actor, requestID: requestID, clientIP: clientIP),
                        payloadBytes: batch[payloadStart..<payloadStart + payloadLength]))
            }
        } catch {
            throw Malformed()
        }
        guard reader.remaining == 0 else { throw Malformed() }
        return events
    }

    /// Counts the records without decoding them (the envelope check of a scan).
    static func countRecords(_ raw: UnsafeRawBufferPointer) -> Int? {
        var reader = ByteReader(raw)
        var count = 0
        while reader.remaining > 0 {
            guard let length = try? reader.readLength(), (try? reader.readRaw(count: length)) != nil else { return nil }
            count += 1
        }
        return count
    }
}

/// The last string read for one field, with the bytes it came from.
private struct RecentString {
    private var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    private var value = ""

    mutating func read(_ reader: inout ByteReader) throws(ByteReader.OutOfBounds) -> String {
        let slice = try reader.readRaw(count: try reader.readLength())
        if slice.count == bytes.count
            && (slice.count == 0 || memcmp(slice.baseAddress!, bytes.baseAddress!, slice.count) == 0)
        {
            return value
        }
        value = String(decoding: slice, as: UTF8.self)
        bytes = slice
        return value
    }
}
