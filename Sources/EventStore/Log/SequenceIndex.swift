/// The sparse index of one segment: for each frame, its first seq and its byte offset.
///
/// Derived data: it is not checksummed, it is written when a segment is sealed (and on close),
/// and it is rebuilt from the segment's frame headers whenever it is missing or does not agree
/// with the segment. On disk each entry is 8 bytes: seq minus the segment's base seq (u32) and
/// the byte offset (u32), little-endian, in seq order.
struct SequenceIndex: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var firstSeq: UInt64
        var offset: Int64
    }

    private(set) var entries: [Entry] = []

    mutating func append(firstSeq: UInt64, offset: Int64) {
        entries.append(Entry(firstSeq: firstSeq, offset: offset))
    }

    mutating func removeAll(from offset: Int64) {
        entries.removeAll { $0.offset >= offset }
    }

    /// The entry of the frame that holds `seq`: the last one whose first seq is at most `seq`.
    func entry(containing seq: UInt64) -> Entry? {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].firstSeq <= seq { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : entries[low - 1]
    }

    func encoded(baseSeq: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: entries.count * 8)
        for entry in entries {
            writer.write(UInt32(entry.firstSeq - baseSeq))
            writer.write(UInt32(entry.offset))
        }
        return writer.bytes
    }

    /// Decodes an index file; nil when it is not a well-formed index for a segment of `segmentSize` bytes.
    static func decode(_ bytes: [UInt8], baseSeq: UInt64, segmentSize: Int64) -> SequenceIndex? {
        guard bytes.count % 8 == 0, !bytes.isEmpty else { return nil }
        var index = SequenceIndex()
        let ok: Bool = bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            var previous: Entry?
            while reader.remaining > 0 {
                guard let delta = try? reader.read(UInt32.self), let offset = try? reader.read(UInt32.self) else {
                    return false
                }
                let entry = Entry(firstSeq: baseSeq + UInt64(delta), offset: Int64(offset))
                if let previous {
                    guard entry.firstSeq > previous.firstSeq, entry.offset > previous.offset else { return false }
                } else {
                    guard entry.firstSeq == baseSeq, entry.offset == 0 else { return false }
                }
                guard entry.offset + Int64(FrameHeader.size) <= segmentSize else { return false }
                index.entries.append(entry)
                previous = entry
            }
            return true
        }
        return ok ? index : nil
    }
}
