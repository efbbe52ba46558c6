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

        init(_ report: LogVerifier.Report) {
            segments = report.segments
            frames = report.frames
            events = report.events
            head = Head(seq: report.head.seq, time: report.head.time, hash: report.head.hash.hex)
            tornTail = report.tornTail.map { ($0.segment, $0.offset, $0.removedBytes, $0.reason) }
            problem = report.problem.map(String.init(describing:))
        }
    }

    /// How far a verification got: frames and events checked, the last seq checked.
    public struct VerifyProgress: Sendable {
        public var frames: Int
        public var events: Int
        public var seq: UInt64
    }

    /// Checks every frame's CRC-32C and the whole hash chain of a stopped server's ledger;
    /// changes nothing. `progress` is called after each frame.
    public static func verify(
        dataDirectory: String, progress: ((VerifyProgress) -> Void)? = nil
    ) throws -> Verification {
        let report = try LogVerifier.verify(
            directory: ledgerDirectory(in: dataDirectory),
            progress: progress.map { call in { call(VerifyProgress($0)) } })
        return Verification(report)
    }

    /// The same check over this running engine's ledger, up to the head as it is when called;
    /// the writer keeps appending meanwhile.
    public func verifyLedger(progress: ((VerifyProgress) -> Void)? = nil) throws -> Verification {
        Verification(try store.verify(progress: progress.map { call in { call(VerifyProgress($0)) } }))
    }
}

extension Engine.VerifyProgress {
    init(_ report: LogVerifier.Report) {
        self.init(frames: report.frames, events: report.events, seq: report.head.seq)
    }
}
