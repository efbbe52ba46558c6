import Testing

@testable import EventStore

@Suite struct FrameTests {
    @Test(arguments: [false, true])
    func aFrameParsesBackToItsEvents(compress: Bool) throws {
        let events = compressibleEvents()
        let frame = makeFrame(events, firstSeq: 100, compress: compress)
        #expect(frame.header.codec == (compress ? .lz4 : .none))
        #expect(frame.bytes.count == frame.header.frameLength)
        let parsed = try parseFrame(frame.bytes).get()
        #expect(parsed.header == frame.header)
        #expect(parsed.hash == frame.hash)
        #expect(try parsed.events().map(\.event) == events)
        #expect(try parsed.events().map(\.seq) == Array(100..<108))
    }

    @Test func theChainHashIsTheSameForLZ4AndRawEncodingsOfABatch() {
        let events = compressibleEvents()
        let previous = ChainHash(bytes: .init(repeating: 0xAB, count: 32))
        let compressed = makeFrame(events, firstSeq: 9, previous: previous, compress: true)
        let raw = makeFrame(events, firstSeq: 9, previous: previous, compress: false)
        #expect(compressed.header.codec == .lz4)
        #expect(raw.header.codec == .none)
        #expect(compressed.bytes != raw.bytes)
        #expect(compressed.bytes.count < raw.bytes.count)
        #expect(compressed.hash == raw.hash)
    }

    @Test(arguments: ["previous", "firstSeq", "count", "minTime", "maxTime", "payload"])
    func theChainHashCoversEveryLogicalField(field: String) {
        let frame = makeFrame(compressibleEvents())
        var header = frame.header
        var raw = EventBatch.encode(compressibleEvents())
        switch field {
        case "previous": header.previousHash = ChainHash(bytes: [1] + .init(repeating: 0, count: 31))
        case "firstSeq": header.firstSeq += 1
        case "count": header.count += 1
        case "minTime": header.minTime -= 1
        case "maxTime": header.maxTime += 1
        default: raw[raw.count / 2] ^= 1
        }
        #expect(Frame.chainHash(header: header, raw: raw) != frame.hash)
    }

    @Test(arguments: ["codec", "storedLength", "crc"])
    func theChainHashLeavesOutHowTheBatchIsStored(field: String) {
        let frame = makeFrame(compressibleEvents())
        var header = frame.header
        switch field {
        case "codec": header.codec = .none
        case "storedLength": header.storedLength += 100
        default: header.crc ^= 0xFFFF
        }
        #expect(Frame.chainHash(header: header, raw: EventBatch.encode(compressibleEvents())) == frame.hash)
    }

    @Test func smallBatchesAreStoredRawEvenWhenCompressionIsAllowed() {
        let frame = makeFrame([NewEvent(time: 1, type: "T", stream: "s", payload: [1, 2, 3])], compress: true)
        #expect(frame.header.codec == .none)
        #expect(frame.header.rawLength == frame.header.storedLength)
    }

    @Test func incompressibleBatchesAreStoredRaw() throws {
        var random = SplitMix(seed: 11)
        let payload = (0..<4_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let frame = makeFrame([NewEvent(time: 1, type: "T", stream: "s", payload: payload)])
        #expect(frame.header.codec == .none)
        #expect(try parseFrame(frame.bytes).get().events().first?.payload == payload)
    }

    @Test(arguments: [false, true])
    func everySingleBitFlipInAPayloadIsCaught(compress: Bool) {
        let frame = makeFrame(compressibleEvents(), compress: compress)
        var missed = 0
        for bit in (FrameHeader.size * 8)..<(frame.bytes.count * 8)
        where (try? parseFrame(frame.bytes.flippingBit(bit)).get()) != nil {
            missed += 1
        }
        #expect(missed == 0)
    }

    @Test(arguments: [0, 1, 79, 80, 81])
    func aFrameCutShortIsTruncated(cutFromEnd: Int) {
        let frame = makeFrame(compressibleEvents())
        let cut = Array(frame.bytes.prefix(frame.bytes.count - 1 - cutFromEnd))
        guard case .failure(let damage) = parseFrame(cut) else {
            Issue.record("a cut frame parsed")
            return
        }
        #expect(damage == .truncated)
    }

    /// Property: 200 random batches (sizes, texts, times, codecs) survive encode → parse unchanged.
    @Test func randomBatchesSurviveEncodingAndParsing() throws {
        var factory = EventFactory(seed: 2026, payloadBytes: 0...2_000)
        var previous = ChainHash.zero
        var seq: UInt64 = 1
        for round in 0..<200 {
            let events = factory.batch(maxCount: 12)
            let frame = makeFrame(events, firstSeq: seq, previous: previous, compress: round % 3 != 0)
            let parsed = try parseFrame(frame.bytes).get()
            #expect(try parsed.events().map(\.event) == events, "round \(round)")
            #expect(parsed.header.previousHash == previous)
            #expect(parsed.hash == frame.hash)
            previous = frame.hash
            seq += UInt64(events.count)
        }
    }
}
