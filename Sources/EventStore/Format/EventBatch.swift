/// The uncompressed body of a frame: events, each length-prefixed.
///
/// One event = varint length, then: signed varint time (ms), type, stream, signed varint actor
/// id, request id, client IP (each string a varint length + UTF-8) and the payload (varint
/// length + bytes). Sequence numbers are implicit: the frame header gives the first.
public enum EventBatch {
    /// Encodes events into `writer`; the caller's thread does this work, not the commit thread.
    static func encode(_ events: [NewEvent], into writer: inout ByteWriter) {
        var record = ByteWriter(capacity: 256)
        for event in events {
            record.bytes.removeAll(keepingCapacity: true)
            record.writeSignedVarint(event.time)
            record.writeString(event.type)
            record.writeString(event.stream)
            record.writeSignedVarint(event.metadata.actorID)
            record.writeString(event.metadata.requestID)
            record.writeString(event.metadata.clientIP)
            record.writeBytes(event.payload)
            writer.writeVarint(UInt64(record.bytes.count))
            writer.bytes.append(contentsOf: record.bytes)
        }
    }

    public static func encode(_ events: [NewEvent]) -> [UInt8] {
        var writer = ByteWriter(capacity: events.count * 256)
        encode(events, into: &writer)
        return writer.bytes
    }

    struct Malformed: Error {}

    /// Decodes exactly `count` events numbered from `firstSeq`; any leftover or missing byte is an error.
    public static func decode(_ raw: UnsafeRawBufferPointer, firstSeq: UInt64, count: Int) throws -> [EventRecord] {
        var reader = ByteReader(raw)
        var events = [EventRecord]()
        events.reserveCapacity(count)
        do {
            for index in 0..<count {
                let length = try reader.readLength()
                let body = try reader.readRaw(count: length)
                var field = ByteReader(body)
                let time = try field.readSignedVarint()
                let type = try field.readString()
                let stream = try field.readString()
                let actor = try field.readSignedVarint()
                let requestID = try field.readString()
                let clientIP = try field.readString()
                let payload = try field.readBytes()
                guard field.remaining == 0 else { throw Malformed() }
                let event = NewEvent(
                    time: time, type: type, stream: stream,
                    metadata: EventMetadata(actorID: actor, requestID: requestID, clientIP: clientIP),
                    payload: payload)
                events.append(EventRecord(seq: firstSeq + UInt64(index), event: event))
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
