import Synchronization

/// One segment file, `<base seq as 20 digits>.seg`, with its sparse index `<base>.idx`.
///
/// Frames are only ever appended, by the store's commit thread. Readers on any thread see the
/// frames up to `durableEnd`, which moves only after a frame's `fdatasync` succeeded.
final class Segment: Sendable {
    let baseSeq: UInt64
    let path: String
    let file: any StoreFile
    private let state: Mutex<State>

    struct State {
        var index: SequenceIndex?
        var durableEnd: Int64
    }

    init(baseSeq: UInt64, path: String, file: any StoreFile, index: SequenceIndex?, durableEnd: Int64) {
        self.baseSeq = baseSeq
        self.path = path
        self.file = file
        self.state = Mutex(State(index: index, durableEnd: durableEnd))
    }

    static func fileName(baseSeq: UInt64) -> String {
        let digits = String(baseSeq)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".seg"
    }

    static func baseSeq(fileName: String) -> UInt64? {
        guard fileName.hasSuffix(".seg"), fileName.utf8.count == 24 else { return nil }
        let digits = fileName.prefix(20)
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let base = UInt64(digits), base > 0
        else { return nil }
        return base
    }

    var indexPath: String { String(path.dropLast(4)) + ".idx" }
    var fileName: String { String(path.split(separator: "/").last ?? "") }

    var durableEnd: Int64 { state.withLock { $0.durableEnd } }

    func index(loadingWith load: () throws -> SequenceIndex) rethrows -> SequenceIndex {
        if let index = state.withLock({ $0.index }) { return index }
        let index = try load()
        state.withLock { $0.index = index }
        return index
    }

    func reset(index: SequenceIndex, durableEnd: Int64) {
        state.withLock { $0 = State(index: index, durableEnd: durableEnd) }
    }

    func replaceIndex(_ index: SequenceIndex) {
        state.withLock { $0.index = index }
    }

    /// Records a frame that is now durable: readers may see it.
    func frameCommitted(firstSeq: UInt64, offset: Int64, end: Int64) {
        state.withLock {
            $0.index?.append(firstSeq: firstSeq, offset: offset)
            $0.durableEnd = end
        }
    }

    // MARK: - Reading frames

    /// Reads and checks the frame at `offset` (two exact reads; scans use a read-ahead buffer).
    func readFrame(at offset: Int64, limit: Int64) throws -> Frame {
        var buffer = ReadAheadBuffer(chunk: 0)
        return try readFrame(at: offset, limit: limit, through: &buffer)
    }

    /// Reads and checks the frame at `offset`, serving the bytes from `buffer` where it can.
    func readFrame(at offset: Int64, limit: Int64, through buffer: inout ReadAheadBuffer) throws -> Frame {
        let headerEnd = offset + Int64(FrameHeader.size)
        guard headerEnd <= limit else { throw corrupt(offset, .truncated) }
        try buffer.load(file, from: offset, count: FrameHeader.size, limit: limit)
        let parsed = buffer.withBytes(from: offset, count: FrameHeader.size) { raw in
            Result { () throws(FrameHeader.ParseFailure) in try FrameHeader.parse(raw) }
        }
        let header: FrameHeader
        switch parsed {
        case .success(let value): header = value
        case .failure(.tooShort): throw corrupt(offset, .truncated)
        case .failure(let failure): throw corrupt(offset, .badHeader("\(failure)"))
        }
        guard offset + Int64(header.frameLength) <= limit else { throw corrupt(offset, .truncated) }
        try buffer.load(file, from: offset, count: header.frameLength, limit: limit)
        let opened = buffer.withBytes(from: offset, count: header.frameLength) { raw in
            Result { () throws(Frame.Damage) in try Frame.open(header: header, bytes: raw) }
        }
        switch opened {
        case .success(let frame): return frame
        case .failure(let damage): throw corrupt(offset, damage)
        }
    }

    private func corrupt(_ offset: Int64, _ damage: Frame.Damage) -> EventStoreError {
        .corruptFrame(segment: fileName, offset: offset, reason: damage.description)
    }

    /// Reads only the header at `offset` (index rebuilds walk these).
    func readHeader(at offset: Int64) -> FrameHeader? {
        guard let bytes = try? file.read(at: offset, count: FrameHeader.size) else { return nil }
        return try? bytes.withUnsafeBytes { try FrameHeader.parse($0) }
    }

    /// Rebuilds the index by walking frame headers from the start up to `end`.
    func rebuildIndex(end: Int64) -> SequenceIndex {
        var index = SequenceIndex()
        var offset: Int64 = 0
        while offset + Int64(FrameHeader.size) <= end, let header = readHeader(at: offset),
            offset + Int64(header.frameLength) <= end
        {
            index.append(firstSeq: header.firstSeq, offset: offset)
            offset += Int64(header.frameLength)
        }
        return index
    }
}
