@testable import EventStore

/// Builds a frame's bytes from events, the way the commit thread does.
func makeFrame(
    _ events: [NewEvent], firstSeq: UInt64 = 1, previous: ChainHash = .zero, compress: Bool = true
) -> (bytes: [UInt8], header: FrameHeader, hash: ChainHash) {
    let raw = EventBatch.encode(events)
    let times = events.map(\.time)
    return Frame.encode(
        raw: raw, firstSeq: firstSeq, count: events.count, minTime: times.min() ?? 0, maxTime: times.max() ?? 0,
        previousHash: previous, compress: compress)
}

/// Parses a whole frame, returning the damage instead of throwing it.
func parseFrame(_ bytes: [UInt8]) -> Result<Frame, Frame.Damage> {
    bytes.withUnsafeBytes { raw in Result { () throws(Frame.Damage) in try Frame.parse(raw) } }
}

/// Events that compress well (repeated text), enough of them to pass LZ4's 512-byte threshold.
func compressibleEvents(count: Int = 8) -> [NewEvent] {
    (0..<count).map { i in
        NewEvent(
            time: 1_700_000_000_000 + Int64(i), type: "UsageRecorded", stream: "user:42",
            metadata: EventMetadata(actorID: 42, requestID: "req-\(i)", clientIP: "127.0.0.1"),
            payload: Array(String(repeating: "model=gpt-4o prompt_tokens=12 ", count: 4).utf8))
    }
}

extension Array where Element == UInt8 {
    /// A copy with one bit inverted.
    func flippingBit(_ bit: Int) -> [UInt8] {
        var copy = self
        copy[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
        return copy
    }
}
