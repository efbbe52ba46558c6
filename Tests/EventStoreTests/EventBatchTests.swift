import Testing

@testable import EventStore

@Suite struct EventBatchTests {
    static let samples: [NewEvent] = [
        NewEvent(time: 0, type: "", stream: "", payload: []),
        NewEvent(time: -1, type: "T", stream: "s", metadata: .init(actorID: -1), payload: [0]),
        NewEvent(time: .max, type: "UsageRecorded", stream: "user:42", metadata: .init(actorID: .max), payload: [255]),
        NewEvent(
            time: .min, type: "x", stream: "y", metadata: .init(actorID: .min, requestID: "", clientIP: ""),
            payload: [1, 2]),
        NewEvent(
            time: 1_700_000_000_000, type: "充值", stream: "用户:四十二",
            metadata: .init(actorID: 7, requestID: "🧾-req", clientIP: "::1"), payload: Array("默认分组 ✓".utf8)),
        NewEvent(
            time: 5, type: "e\u{301}", stream: "zero\u{0}byte",
            metadata: .init(requestID: "\n\t\r", clientIP: "2001:db8::1"),
            payload: [0, 0, 0]),
        NewEvent(
            time: 9, type: String(repeating: "t", count: 300), stream: String(repeating: "ß", count: 200), payload: []),
        NewEvent(
            time: 10, type: "Big", stream: "s", payload: (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
    ]

    @Test(arguments: samples.indices)
    func anEventSurvivesEncodingAndDecoding(index: Int) throws {
        let event = Self.samples[index]
        let raw = EventBatch.encode([event])
        let decoded = try EventBatch.decode(raw, firstSeq: 77, count: 1)
        #expect(decoded == [EventRecord(seq: 77, event: event)])
    }

    @Test func aBatchDecodesInOrderWithConsecutiveSeqs() throws {
        let raw = EventBatch.encode(Self.samples)
        let decoded = try EventBatch.decode(raw, firstSeq: 1, count: Self.samples.count)
        #expect(decoded.map(\.event) == Self.samples)
        #expect(decoded.map(\.seq) == Array(1...UInt64(Self.samples.count)))
        #expect(raw.withUnsafeBytes { EventBatch.countRecords($0) } == Self.samples.count)
    }

    @Test func anEmptyBatchEncodesToNothing() throws {
        #expect(EventBatch.encode([]).isEmpty)
        #expect(try EventBatch.decode([], firstSeq: 1, count: 0).isEmpty)
    }

    @Test(arguments: [-1, 1])
    func aBatchWithAnotherEventCountIsRefused(delta: Int) {
        let raw = EventBatch.encode(Array(Self.samples.prefix(3)))
        #expect(throws: (any Error).self) {
            try EventBatch.decode(raw, firstSeq: 1, count: 3 + delta)
        }
    }

    @Test func trailingBytesAfterTheLastEventAreRefused() {
        let raw = EventBatch.encode(Array(Self.samples.prefix(2))) + [0]
        #expect(throws: (any Error).self) {
            try EventBatch.decode(raw, firstSeq: 1, count: 2)
        }
        #expect(raw.withUnsafeBytes { EventBatch.countRecords($0) } == 3)
    }

    @Test func everyTruncationOfABatchIsRefused() {
        let raw = EventBatch.encode(Array(Self.samples.prefix(6)))
        for length in 0..<raw.count {
            let cut = Array(raw.prefix(length))
            #expect(throws: (any Error).self, "cut at \(length)") {
                try EventBatch.decode(cut, firstSeq: 1, count: 6)
            }
        }
    }

    @Test func aRecordWhoseFieldsOverrunItsLengthIsRefused() {
        var raw = EventBatch.encode([Self.samples[4]])
        raw[0] -= 1  // the record claims one byte less than its fields take
        raw.removeLast()
        #expect(throws: (any Error).self) {
            try EventBatch.decode(raw, firstSeq: 1, count: 1)
        }
    }

    /// Property: random batches of random events survive encoding and decoding.
    @Test(arguments: 0..<10)
    func randomBatchesRoundTrip(seed: UInt64) throws {
        var factory = EventFactory(seed: seed, payloadBytes: 0...3_000)
        for _ in 0..<20 {
            let events = factory.batch(maxCount: 20)
            let raw = EventBatch.encode(events)
            let decoded = try EventBatch.decode(raw, firstSeq: 3, count: events.count)
            #expect(decoded.map(\.event) == events)
        }
    }
}
