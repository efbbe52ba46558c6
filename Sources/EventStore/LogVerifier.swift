import Logging

/// Checks a whole ledger directory: every frame's header, CRC-32C, decompression and record
/// count, gapless seqs across segments and the hash chain from 32 zero bytes. Changes nothing.
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
    }

    public static func verify(directory: String, fileSystem: any StoreFileSystem = PosixFileSystem()) throws -> Report {
        var configuration = EventStoreConfiguration()
        configuration.readOnly = true
        let loader = SegmentLoader(
            directory: directory, fileSystem: fileSystem, configuration: configuration, logger: .init(label: "verify"))
        let bases = try loader.segmentBases()
        var report = Report()
        var position = FrameWalker.Position(nextSeq: 1, chain: .zero, lastTime: 0)
        for (number, base) in bases.enumerated() {
            let path = loader.pathOf(base)
            let file = try fileSystem.openFile(path, create: false, readOnly: true)
            defer { file.close() }
            let size = try file.size()
            let segment = Segment(baseSeq: base, path: path, file: file, index: nil, durableEnd: size)
            report.segments += 1
            guard base == position.nextSeq else {
                report.problem = Problem(
                    segment: segment.fileName, offset: 0,
                    reason: "segment starts at seq \(base), expected \(position.nextSeq)")
                return report
            }
            let isNewest = number == bases.count - 1
            if size == 0 && !isNewest {
                report.problem = Problem(segment: segment.fileName, offset: 0, reason: "sealed segment holds no frame")
                return report
            }
            let walker = FrameWalker(segment: segment, limit: size)
            let outcome = walker.walk(from: 0, position: position)
            report.frames += outcome.frames
            report.events += outcome.events
            position = outcome.position
            if let damage = outcome.damage {
                if isNewest && !walker.containsValidFrame(after: damage.offset) {
                    report.tornTail = TornTail(
                        segment: segment.fileName, offset: damage.offset, removedBytes: size - damage.offset,
                        reason: damage.reason)
                } else {
                    report.problem = Problem(segment: segment.fileName, offset: damage.offset, reason: damage.reason)
                    return report
                }
            }
        }
        report.head = LedgerHead(seq: position.nextSeq - 1, time: position.lastTime, hash: position.chain)
        return report
    }
}
