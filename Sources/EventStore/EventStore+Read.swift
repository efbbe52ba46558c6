import Synchronization

/// Reading: frames and events from any seq up to the durable head.
extension EventStore {
    /// The event with sequence number `seq`.
    public func read(seq: UInt64) throws -> EventRecord {
        var cursor = try frames(from: seq)
        guard let frame = try cursor.next(), let event = try frame.events().first(where: { $0.seq == seq }) else {
            throw EventStoreError.notFound(seq: seq)
        }
        return event
    }

    /// Frames from the one holding `seq` up to the head as it is now. Each is checked (CRC,
    /// decompression) as it is read.
    public func frames(from seq: UInt64) throws -> FrameCursor {
        let (segments, head) = shared.withLock { ($0.segments, $0.head) }
        return try FrameCursor(store: self, segments: segments, from: max(seq, 1), through: head.seq)
    }

    /// Events from `seq` (inclusive) up to the head as it is when iteration starts.
    public func events(from seq: UInt64) -> EventSequence {
        EventSequence(store: self, start: seq)
    }

    /// The sparse index of a segment, loading or rebuilding it for a sealed one.
    func index(of segment: Segment) -> SequenceIndex {
        loader.loadIndex(segment, writable: !configuration.readOnly)
    }
}

/// Walks frames in seq order across segments. Not thread-safe: one cursor per reader.
public struct FrameCursor {
    let store: EventStore
    let segments: [Segment]
    let through: UInt64
    private var segmentIndex: Int
    private var offset: Int64
    private var started = false
    private var buffer = ReadAheadBuffer()
    private let firstSeq: UInt64
    /// The seq the next frame must start at, once one frame was returned.
    private var expectedSeq: UInt64?

    init(store: EventStore, segments: [Segment], from seq: UInt64, through: UInt64) throws {
        self.store = store
        self.segments = segments
        self.through = through
        self.firstSeq = seq
        // Below the first segment's base, start there anyway: the gap check below refuses it.
        segmentIndex = segments.lastIndex { $0.baseSeq <= seq } ?? 0
        offset = 0
        if seq <= through, segmentIndex < segments.count {
            offset = store.index(of: segments[segmentIndex]).entry(containing: seq)?.offset ?? 0
        }
    }

    /// The next frame, or nil after the last one at or below the head.
    public mutating func next() throws -> Frame? {
        guard firstSeq <= through else { return nil }
        while segmentIndex < segments.count {
            let segment = segments[segmentIndex]
            let limit = segment.durableEnd
            if offset >= limit {
                segmentIndex += 1
                offset = 0
                buffer.reset()
                continue
            }
            var frame: Frame
            if started {
                frame = try segment.readFrame(at: offset, limit: limit, through: &buffer)
            } else if let found = try? segment.readFrame(at: offset, limit: limit, through: &buffer),
                (found.header.firstSeq...found.header.lastSeq).contains(firstSeq)
            {
                frame = found
            } else {
                // The index disagreed with the segment (a frame without `seq`, or an offset that is
                // not a frame's start): rebuild it from the headers and look again.
                let rebuilt = segment.rebuildIndex(end: limit)
                segment.replaceIndex(rebuilt)
                offset = rebuilt.entry(containing: firstSeq)?.offset ?? 0
                frame = try segment.readFrame(at: offset, limit: limit)
            }
            started = true
            guard frame.header.firstSeq <= through else { return nil }
            // Seqs are gapless: never jump over a hole (a segment file gone from the middle).
            if let expected = expectedSeq ?? (frame.header.firstSeq > firstSeq ? firstSeq : nil),
                frame.header.firstSeq != expected
            {
                throw EventStoreError.corruptFrame(
                    segment: segment.fileName, offset: offset,
                    reason: "sequence gap: frame starts at seq \(frame.header.firstSeq), expected \(expected)")
            }
            expectedSeq = frame.header.lastSeq + 1
            offset += Int64(frame.header.frameLength)
            return frame
        }
        return nil
    }
}

/// An async sequence of events, decoded one frame at a time.
public struct EventSequence: AsyncSequence, Sendable {
    public typealias Element = EventRecord
    let store: EventStore
    let start: UInt64

    public struct AsyncIterator: AsyncIteratorProtocol {
        let store: EventStore
        let start: UInt64
        var cursor: FrameCursor?
        var buffer: [EventRecord] = []
        var position = 0

        public mutating func next() async throws -> EventRecord? {
            while position >= buffer.count {
                if cursor == nil { cursor = try store.frames(from: start) }
                guard let frame = try cursor!.next() else { return nil }
                buffer = try frame.events().filter { $0.seq >= start }
                position = 0
            }
            defer { position += 1 }
            return buffer[position]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(store: store, start: start)
    }
}
