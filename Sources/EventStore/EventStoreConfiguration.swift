/// Tunables of the store. The defaults are the production values; tests shrink them.
public struct EventStoreConfiguration: Sendable {
    /// A segment is sealed and a new one started once the next frame would pass this size.
    public var maxSegmentBytes: Int64 = 256 << 20
    /// Target for a frame's uncompressed batch; one append is never split to honour it.
    public var targetFrameBytes: Int = 64 << 10
    /// At most this many events in one frame (again, one append is never split).
    public var maxFrameEvents: Int = 8_192
    /// The checkpoint hint is rewritten after this many bytes of frames; recovery validates at most about this much.
    public var hintIntervalBytes: Int64 = 8 << 20
    /// Open without writing anything: no truncation of a torn tail, no appends.
    public var readOnly: Bool = false
    /// Test builds only: skip the fdatasync of frames or the directory fsyncs, to prove the crash tests catch it.
    public var unsafeSkipDataSync: Bool = false
    public var unsafeSkipDirectorySync: Bool = false

    public init() {}
}
