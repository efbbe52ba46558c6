public import Logging

/// Opens the segments of a ledger directory and recovers after an unclean stop.
///
/// Sealed segments are trusted as they are (`verify` checks them); only the newest segment's
/// frames after the checkpoint hint are validated, so startup does not read the whole log. A
/// damaged tail with no valid frame after it is a torn write: it is truncated (and logged).
/// Damage followed by any valid frame is refused with the segment and byte offset.
struct SegmentLoader {
    let directory: String
    let fileSystem: any StoreFileSystem
    let configuration: EventStoreConfiguration
    let logger: Logger

    struct Loaded {
        var segments: [Segment]
        var position: FrameWalker.Position
        var activeEnd: Int64
        var lastFrameOffset: Int64?
        /// True when the hint no longer describes the tail and should be rewritten.
        var hintStale: Bool
        var truncated: TornTail?
    }

    func load() throws -> Loaded {
        let bases = try segmentBases()
        guard let newestBase = bases.last else {
            guard !configuration.readOnly else {
                return Loaded(
                    segments: [], position: .init(nextSeq: 1, chain: .zero, lastTime: 0), activeEnd: 0,
                    lastFrameOffset: nil, hintStale: false)
            }
            let segment = try createSegment(baseSeq: 1)
            return Loaded(
                segments: [segment], position: .init(nextSeq: 1, chain: .zero, lastTime: 0), activeEnd: 0,
                lastFrameOffset: nil, hintStale: true)
        }
        var segments: [Segment] = []
        for base in bases.dropLast() {
            let path = pathOf(base)
            let file = try fileSystem.openFile(path, create: false, readOnly: true)
            segments.append(Segment(baseSeq: base, path: path, file: file, index: nil, durableEnd: try file.size()))
        }
        let newestPath = pathOf(newestBase)
        let newestFile = try fileSystem.openFile(newestPath, create: false, readOnly: configuration.readOnly)
        let size = try newestFile.size()
        let newest = Segment(baseSeq: newestBase, path: newestPath, file: newestFile, index: nil, durableEnd: size)
        let walker = FrameWalker(segment: newest, limit: size)

        var (start, position, lastFrameOffset) = try resumePoint(newest: newest, previous: segments.last, size: size)
        let hintMatched = start > 0 || lastFrameOffset != nil
        let outcome = walker.walk(from: start, position: position)
        position = outcome.position
        lastFrameOffset = outcome.lastFrameOffset ?? lastFrameOffset
        var end = outcome.end
        var torn: TornTail?
        if let damage = outcome.damage {
            if walker.containsValidFrame(after: damage.offset) {
                throw EventStoreError.corruptFrame(
                    segment: newest.fileName, offset: damage.offset, reason: damage.reason)
            }
            torn = TornTail(
                segment: newest.fileName, offset: damage.offset, removedBytes: size - damage.offset,
                reason: damage.reason)
            end = damage.offset
            if !configuration.readOnly {
                try newestFile.truncate(to: end)
                try newestFile.sync()
                logger.warning(
                    "truncated a torn tail",
                    metadata: [
                        "segment.file": "\(newest.fileName)", "segment.offset": "\(end)",
                        "ledger.removed_bytes": "\(size - end)", "ledger.reason": "\(damage.reason)",
                    ])
            }
        }
        if !configuration.readOnly && outcome.frames > 0 {
            // Frames found after the hint may sit in pages whose earlier fsync failed (and were
            // then marked clean without reaching the disk): write them again before trusting them.
            let adopted = try newestFile.read(at: start, count: Int(outcome.end - start))
            try newestFile.write(adopted, at: start)
            try newestFile.sync()
        }
        newest.reset(index: newest.rebuildIndex(end: end), durableEnd: end)
        segments.append(newest)
        return Loaded(
            segments: segments, position: position, activeEnd: end, lastFrameOffset: lastFrameOffset,
            hintStale: !hintMatched || outcome.frames > 0 || torn != nil, truncated: torn)
    }

    // MARK: - Where validation starts

    /// The checkpoint hint's position when it checks out against the frame it names, otherwise
    /// the start of the newest segment with the chain carried over from the previous one.
    private func resumePoint(newest: Segment, previous: Segment?, size: Int64) throws
        -> (Int64, FrameWalker.Position, Int64?)
    {
        if let hint = CheckpointHint.load(directory: directory, fileSystem: fileSystem),
            hint.segmentBase == newest.baseSeq, hint.endOffset <= size
        {
            let position = FrameWalker.Position(nextSeq: hint.nextSeq, chain: hint.chain, lastTime: hint.lastTime)
            if hint.lastFrameOffset >= 0, let frame = try? newest.readFrame(at: hint.lastFrameOffset, limit: size),
                hint.lastFrameOffset + Int64(frame.header.frameLength) == hint.endOffset,
                frame.hash == hint.chain, frame.header.lastSeq + 1 == hint.nextSeq
            {
                return (hint.endOffset, position, hint.lastFrameOffset)
            }
            // A hint for a segment with no frame yet names no frame to check its chain against:
            // take the chain from the previous segment below, as without a hint.
            if hint.lastFrameOffset >= 0 || hint.endOffset != 0 || hint.nextSeq != newest.baseSeq {
                logger.warning(
                    "checkpoint hint disagrees with the newest segment; scanning it",
                    metadata: ["segment.file": "\(newest.fileName)"])
            }
        }
        guard let previous else {
            return (0, FrameWalker.Position(nextSeq: newest.baseSeq, chain: .zero, lastTime: 0), nil)
        }
        return (0, try tailPosition(of: previous, nextBase: newest.baseSeq), nil)
    }

    /// The chain position after the last frame of a sealed segment.
    private func tailPosition(of segment: Segment, nextBase: UInt64) throws -> FrameWalker.Position {
        let index = loadIndex(segment, writable: !configuration.readOnly)
        guard let last = index.entries.last else {
            throw EventStoreError.corruptFrame(
                segment: segment.fileName, offset: 0, reason: "sealed segment holds no frame")
        }
        let frame = try segment.readFrame(at: last.offset, limit: segment.durableEnd)
        guard frame.header.lastSeq + 1 == nextBase else {
            throw EventStoreError.corruptFrame(
                segment: segment.fileName, offset: last.offset,
                reason: "segment ends at seq \(frame.header.lastSeq) but the next one starts at \(nextBase)")
        }
        return FrameWalker.Position(nextSeq: nextBase, chain: frame.hash, lastTime: frame.header.maxTime)
    }

    // MARK: - Files

    func segmentBases() throws -> [UInt64] {
        if configuration.readOnly {
            guard fileSystem.fileExists(directory) else { return [] }
        } else {
            if !fileSystem.fileExists(directory) { try fileSystem.createDirectory(directory) }
            // On every writable open, not only when creating it: an earlier open may have created
            // the directory and then failed to fsync its parent, leaving its entry not durable.
            try syncDirectory(parentDirectory(of: directory))
        }
        return try fileSystem.contentsOfDirectory(directory).compactMap(Segment.baseSeq(fileName:)).sorted()
    }

    func pathOf(_ base: UInt64) -> String { directory + "/" + Segment.fileName(baseSeq: base) }

    func createSegment(baseSeq: UInt64) throws -> Segment {
        let path = pathOf(baseSeq)
        let file = try fileSystem.openFile(path, create: true, readOnly: false)
        try file.truncate(to: 0)
        try syncDirectory(directory)
        return Segment(baseSeq: baseSeq, path: path, file: file, index: SequenceIndex(), durableEnd: 0)
    }

    func syncDirectory(_ path: String) throws {
        if !configuration.unsafeSkipDirectorySync { try fileSystem.syncDirectory(path) }
    }

    /// The sealed segment's index from its `.idx` file, or rebuilt from its headers (and
    /// written back) when the file is missing or does not fit the segment.
    func loadIndex(_ segment: Segment, writable: Bool) -> SequenceIndex {
        segment.index {
            let size = segment.durableEnd
            if let file = try? fileSystem.openFile(segment.indexPath, create: false, readOnly: true) {
                defer { file.close() }
                if let bytes = try? file.read(at: 0, count: Int(try file.size())),
                    let index = SequenceIndex.decode(bytes, baseSeq: segment.baseSeq, segmentSize: size)
                {
                    return index
                }
            }
            let rebuilt = segment.rebuildIndex(end: size)
            if writable { try? writeIndex(rebuilt, of: segment, sync: false) }
            return rebuilt
        }
    }

    func writeIndex(_ index: SequenceIndex, of segment: Segment, sync: Bool) throws {
        let file = try fileSystem.openFile(segment.indexPath, create: true, readOnly: false)
        defer { file.close() }
        try file.truncate(to: 0)
        try file.write(index.encoded(baseSeq: segment.baseSeq), at: 0)
        if sync { try file.sync() }
    }
}

func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let parent = String(path[..<slash])
    return parent.isEmpty ? "/" : parent
}

/// A torn tail that recovery found (and, unless read-only, cut off).
public struct TornTail: Sendable, Equatable {
    public var segment: String
    public var offset: Int64
    public var removedBytes: Int64
    public var reason: String
}
