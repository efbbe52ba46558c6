@testable import EventStore

/// A small ledger built once on the simulated file system, for tests that damage copies of it.
struct LedgerFixture {
    /// The file system image after the last append, before `close` (the hint may lag behind).
    var openImage: SimulatedFileSystem.Image
    /// The image after a clean close (index and hint written).
    var closedImage: SimulatedFileSystem.Image
    var records: [EventRecord]
    var head: LedgerHead
    var configuration: EventStoreConfiguration

    static func build(
        seed: UInt64, batches: Int = 30,
        configuration: EventStoreConfiguration = .small(segmentBytes: 2_048, hintBytes: 1 << 30),
        payloadBytes: ClosedRange<Int> = 40...160
    ) async throws -> LedgerFixture {
        let fileSystem = SimulatedFileSystem()
        let store = try EventStore.simulated(fileSystem, configuration)
        var factory = EventFactory(seed: seed, payloadBytes: payloadBytes)
        let records = try await appendAll((0..<batches).map { _ in factory.batch() }, to: store)
        let openImage = fileSystem.image
        let head = store.head
        store.close()
        return LedgerFixture(
            openImage: openImage, closedImage: fileSystem.image, records: records, head: head,
            configuration: configuration)
    }

    var segments: [String] { segmentPaths(closedImage) }
    var newestSegment: String { segments.last! }

    /// The records whose seq is at most `seq`.
    func records(through seq: UInt64) -> [EventRecord] { records.filter { $0.seq <= seq } }

    /// The last seq held by the frames of `path` that end at or before `offset`; for the first
    /// frame of a segment, the seq before the segment's base.
    func lastSeq(in image: SimulatedFileSystem.Image, segment path: String, before offset: Int) throws -> UInt64 {
        let bytes = image.contents(of: path) ?? []
        var last = Segment.baseSeq(fileName: String(path.split(separator: "/").last!))! - 1
        for frame in frameOffsets(bytes) where frame.offset + frame.length <= offset {
            let header = try bytes[frame.offset...].withUnsafeBytes { try FrameHeader.parse($0) }
            last = header.lastSeq
        }
        return last
    }
}
