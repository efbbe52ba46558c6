import EventStore

extension Engine {
    /// What `verify` found: counts, the head, a torn tail (a warning) and the first damaged
    /// frame followed by valid data (an error), each naming segment file and byte offset.
    public struct Verification: Sendable {
        public var segments: Int
        public var frames: Int
        public var events: Int
        public var head: Head
        /// The torn last frame of the newest segment, which the next open truncates.
        public var tornTail: (segment: String, offset: Int64, removedBytes: Int64, reason: String)?
        /// The damage, as "segment S, byte offset O: reason"; nil when the ledger is intact.
        public var problem: String?
    }

    /// Checks every frame's CRC-32C and the whole hash chain of a stopped server's ledger;
    /// changes nothing.
    public static func verify(dataDirectory: String) throws -> Verification {
        let report = try LogVerifier.verify(directory: ledgerDirectory(in: dataDirectory))
        return Verification(
            segments: report.segments, frames: report.frames, events: report.events,
            head: Head(seq: report.head.seq, time: report.head.time, hash: report.head.hash.hex),
            tornTail: report.tornTail.map { ($0.segment, $0.offset, $0.removedBytes, $0.reason) },
            problem: report.problem.map(String.init(describing:)))
    }
}
