@testable import EventStore

/// Builds events for tests: deterministic from a seed, small unless asked otherwise, and
/// distinct from one another (each carries a serial number) so a test can tell them apart.
struct EventFactory {
    var random: SplitMix
    private var serial = 0
    /// Payload sizes are drawn from this range.
    var payloadBytes: ClosedRange<Int>

    init(seed: UInt64, payloadBytes: ClosedRange<Int> = 16...96) {
        random = SplitMix(seed: seed)
        self.payloadBytes = payloadBytes
    }

    static let types = ["UsageRecorded", "QuotaToppedUp", "TokenCreated", "ChannelEdited", "CodeRedeemed"]
    static let texts = ["", "gpt-4o", "claude-3.5", "默认分组", "emoji 🧾💸", "line\nbreak", "tab\tand \"quotes\""]

    mutating func event() -> NewEvent {
        serial += 1
        let size = Int.random(in: payloadBytes, using: &random)
        // Text-like payloads (they compress, as real protobuf usage records do) with a random tail.
        var payload = Array("serial=\(serial);".utf8)
        while payload.count < size {
            payload.append(contentsOf: Array(Self.texts[Int(random.next() % UInt64(Self.texts.count))].utf8))
            payload.append(UInt8(truncatingIfNeeded: random.next()))
        }
        payload.removeLast(max(0, payload.count - size))
        return NewEvent(
            time: 1_700_000_000_000 + Int64(serial) * 1_000 + Int64(random.next() % 1_000),
            type: Self.types[Int(random.next() % UInt64(Self.types.count))],
            stream: "user:\(random.next() % 5_000)",
            metadata: EventMetadata(
                actorID: Int64(bitPattern: random.next() % 100_000),
                requestID: "req-\(serial)-\(random.next() % 1_000_000)",
                clientIP: "10.0.\(random.next() % 256).\(random.next() % 256)"),
            payload: payload)
    }

    /// One append's worth of events: 1 to `maxCount` of them.
    mutating func batch(maxCount: Int = 3) -> [NewEvent] {
        (0..<Int.random(in: 1...maxCount, using: &random)).map { _ in event() }
    }
}
