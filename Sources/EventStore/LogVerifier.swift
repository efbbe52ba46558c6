import Logging

/// Checks a whole ledger directory: every frame's header, CRC-32C, decompression and record
/// count, gapless seqs across segments and the hash chain from 32 zero bytes. Changes nothing.
///
/// The same walk hands each checked frame to a visitor (a replay folds only proven history)
/// and reports progress as it goes (a long check over HTTP streams it).
public enum LogVerifier {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var segment: String
        public var offset: Int64
        public var reason: String

        public var description: String { "segment \(segment), byte offset \(offset): \(reason)" }
    }

    public struct Report: Sendable {
        public var segments = 0
        public var frames = 0
        public var events = 0
        public var head = LedgerHead.empty
        /// A damaged last frame of the newest segment: a torn write that the next open truncates.
        public var tornTail: TornTail?
        /// The first damaged frame that is followed by valid data; nil when the log is intact.
        public var problem: Problem?

        public var ok: Bool { problem == nil }

        public init() {}
    }

    /// Checks the ledger in `directory` as its files are now (a stopped server's).
    ///
    /// - Parameters:
    ///   - through: stop once the frame holding this seq is checked (nil: the whole ledger).
    ///   - progress: called after each checked frame with the counts so far.
    ///   - visit: called with each checked frame, oldest first, before the next is read.
    public static func verify(
        directory: String, fileSystem: any StoreFileSystem = PosixFileSystem(), through: UInt64? = nil,
        progress: ((Report) -> Void)? = nil, visit: ((Frame) throws -> Void)? = nil
    ) throws -> Report {
        var configuration = EventStoreConfiguration()
        configuration.readOnly = true
        let loader = SegmentLoader(
            directory: directory, fileSystem: fileSystem, configuration: configuration, logger: .init(label: "verify"))
        var segments: [Segment] = []
        defer { for segment in segments { segment.file.close() } }
        for base in try loader.segmentBases() {
            let path = loader.pathOf(base)
            let file = try fileSystem.openFile(path, create: false, readOnly: true)
            segments.append(Segment(baseSeq: base, path: path, file: file, index: nil, durableEnd: try file.size()))
        }
        return try walk(segments, through: through, progress: progress, visit: visit)
    }

    private struct Stop: Error {}

    /// Walks `segments` up to each one's durable end (see `verify(directory:)`).
    static func walk(
        _ segments: [Segment], through: UInt64?, progress: ((Report) -> Void)?, visit: ((Frame) throws -> Void)?
    ) throws -> Report {
        var report = Report()
        var position = FrameWalker.Position(nextSeq: 1, chain: .zero, lastTime: 0)
        func finish() -> Report {
            report.head = LedgerHead(seq: position.nextSeq - 1, time: position.lastTime, hash: position.chain)
            return report
        }
        if let through, through == 0 { return finish() }
        for (number, segment) in segments.enumerated() {
            let size = segment.durableEnd
            report.segments += 1
            guard segment.baseSeq == position.nextSeq else {
                report.problem = Problem(
                    segment: segment.fileName, offset: 0,
                    reason: "segment starts at seq \(segment.baseSeq), expected \(position.nextSeq)")
                return finish()
            }
            let isNewest = number == segments.count - 1
            if size == 0 && !isNewest {
                report.problem = Problem(segment: segment.fileName, offset: 0, reason: "sealed segment holds no frame")
                return finish()
            }
            let walker = FrameWalker(segment: segment, limit: size)
            let start = report
            var stopped = false
            let outcome: FrameWalker.Outcome
            do {
                outcome = try walker.walk(from: 0, position: position) { frame, _ in
                    try visit?(frame)
                    report.frames += 1
                    report.events += Int(frame.header.count)
                    // The chain hash is the walker's to compute; only a stop needs it here.
                    position.nextSeq = frame.header.lastSeq + 1
                    position.lastTime = frame.header.maxTime
                    progress?(finish())
                    if let through, frame.header.lastSeq >= through {
                        position.chain = frame.hash
                        throw Stop()
                    }
                }
            } catch is Stop {
                stopped = true
                outcome = FrameWalker.Outcome(end: 0, position: position, lastFrameOffset: nil)
            }
            if stopped { return finish() }
            report.frames = start.frames + outcome.frames
            report.events = start.events + outcome.events
            position = outcome.position
            if let damage = outcome.damage {
                if isNewest && !walker.containsValidFrame(after: damage.offset) {
                    report.tornTail = TornTail(
                        segment: segment.fileName, offset: damage.offset, removedBytes: size - damage.offset,
                        reason: damage.reason)
                } else {
                    report.problem = Problem(segment: segment.fileName, offset: damage.offset, reason: damage.reason)
                    return finish()
                }
            }
        }
        return finish()
    }
}

extension EventStore {
    /// `LogVerifier`'s check over this open store's frames up to the durable head as it is
    /// now: a running server verifies itself while it keeps appending.
    public func verify(progress: ((LogVerifier.Report) -> Void)? = nil) throws -> LogVerifier.Report {
        try LogVerifier.walk(segments, through: head.seq, progress: progress, visit: nil)
    }
}
