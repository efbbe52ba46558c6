import EventStore
import Foundation

/// Where the engine keeps its files and how the ledger is tuned. The defaults are the
/// production values; tests shrink frames or skip directory syncs.
public struct EngineConfiguration: Sendable {
    /// The data folder: `ledger/` and `readmodels.sqlite`.
    public var dataDirectory: String
    public var ledger = LedgerTuning()
    /// Unix milliseconds now: the expiry service reads it (tests pass a clock they move).
    public var clock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    /// The longest the expiry service sleeps before looking at the clock and the holds again.
    public var expiryPollInterval: Duration = .seconds(1)
    /// How often the log retention service looks whether rows passed `LogRetentionDays`.
    public var retentionPollInterval: Duration = .seconds(600)
    /// Entity snapshots every this many events of a user, token or channel (point-in-time
    /// state folds fewer than this many); nil keeps the read models file's (1,000 when new).
    /// A change rebuilds the snapshots on open. Tests make it small.
    public var snapshotInterval: Int64?

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    var storeConfiguration: EventStoreConfiguration { ledger.storeConfiguration }
}

/// The ledger's tunables (the event store's, minus read-only, which only the offline tools use).
public struct LedgerTuning: Sendable {
    /// A segment is sealed and a new one started once the next frame would pass this size.
    public var maxSegmentBytes: Int64
    /// Target for a frame's uncompressed batch; one append is never split to honour it.
    public var targetFrameBytes: Int
    /// At most this many events in one frame (again, one append is never split).
    public var maxFrameEvents: Int
    /// The checkpoint hint is rewritten after this many bytes of frames.
    public var hintIntervalBytes: Int64
    /// Test builds only: skip the fdatasync of frames or the directory fsyncs.
    public var unsafeSkipDataSync: Bool
    public var unsafeSkipDirectorySync: Bool

    public init() {
        let defaults = EventStoreConfiguration()
        maxSegmentBytes = defaults.maxSegmentBytes
        targetFrameBytes = defaults.targetFrameBytes
        maxFrameEvents = defaults.maxFrameEvents
        hintIntervalBytes = defaults.hintIntervalBytes
        unsafeSkipDataSync = defaults.unsafeSkipDataSync
        unsafeSkipDirectorySync = defaults.unsafeSkipDirectorySync
    }

    var storeConfiguration: EventStoreConfiguration {
        var configuration = EventStoreConfiguration()
        configuration.maxSegmentBytes = maxSegmentBytes
        configuration.targetFrameBytes = targetFrameBytes
        configuration.maxFrameEvents = maxFrameEvents
        configuration.hintIntervalBytes = hintIntervalBytes
        configuration.unsafeSkipDataSync = unsafeSkipDataSync
        configuration.unsafeSkipDirectorySync = unsafeSkipDirectorySync
        return configuration
    }
}
