import EventStore

/// A throw-away ledger for `oneledger bench`: raw appends of prepared events (no decide, no
/// read models), the commit thread's counters, and scans at three depths. Appends may come
/// from any task, as on the store itself.
public final class BenchLedger: Sendable {
    /// An event ready to append: everything the store writes of it.
    public struct Event: Sendable {
        let event: NewEvent

        public init(time: Int64, type: String, stream: String, clientIP: String, payload: [UInt8]) {
            event = NewEvent(
                time: time, type: type, stream: stream, metadata: EventMetadata(clientIP: clientIP), payload: payload)
        }
    }

    let store: EventStore

    /// Opens (or creates) a ledger in `directory`; `skipDataSync` fills it without fdatasync.
    public init(directory: String, skipDataSync: Bool = false) throws {
        var configuration = EventStoreConfiguration()
        configuration.unsafeSkipDataSync = skipDataSync
        store = try EventStore(directory: directory, configuration: configuration)
    }

    /// Appends `events` as one group-committed append; returns once they are durable.
    public func append(_ events: [Event]) async throws {
        _ = try await store.append(events.map(\.event))
    }

    /// Frames, events, compressed bytes and fdatasync times since the last call.
    public func takeStatistics() -> (frames: Int, events: Int, bytes: Int, syncNanos: [Int64]) {
        let snapshot = store.statistics.take()
        return (snapshot.frames, snapshot.events, snapshot.bytes, snapshot.syncNanos)
    }

    /// The ceiling: reads every frame (CRC and LZ4) and counts its events from the header.
    public func scanFrames() throws -> Int {
        var cursor = try store.frames(from: 1)
        var count = 0
        while let frame = try cursor.next() { count += Int(frame.header.count) }
        return count
    }

    /// Reads every frame and decodes each event's envelope.
    public func scanEnvelopes() throws -> Int {
        var cursor = try store.frames(from: 1)
        var count = 0
        while let frame = try cursor.next() { count += try frame.events().count }
        return count
    }

    /// Reads every event and hands its payload bytes to `body`; counts those it accepts.
    public func scanPayloads(_ body: (ArraySlice<UInt8>) throws -> Bool) throws -> Int {
        var cursor = try store.frames(from: 1)
        var count = 0
        while let frame = try cursor.next() {
            for record in try frame.events() where try body(record.payloadBytes) { count += 1 }
        }
        return count
    }

    public func close() { store.close() }
}
