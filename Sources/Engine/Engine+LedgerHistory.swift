import EventStore
public import Ledger

/// The ledger's own history for `GET /api/ledger/events`: events after a seq, filtered, each
/// with its envelope and stored payload (rendering, with secrets sealed, is the caller's).
extension Engine {
    /// One stored event: the envelope and the payload bytes as the ledger holds them.
    public struct LedgerEntry: Sendable, Equatable {
        public var seq: UInt64
        /// Unix milliseconds.
        public var time: Int64
        public var type: String
        public var stream: String
        public var actorID: Int64
        public var requestID: String
        public var clientIP: String
        public var payload: [UInt8]
    }

    /// What an events page selects: all of it optional.
    public struct EntryFilter: Sendable {
        public var stream: String?
        public var type: String?
        /// Events that name this user among their entities (`LedgerEvent.entities`).
        public var userID: Int64?

        public init(stream: String? = nil, type: String? = nil, userID: Int64? = nil) {
            self.stream = stream
            self.type = type
            self.userID = userID
        }
    }

    /// Up to `limit` matching events after `after`, oldest first, looking at no more than
    /// `scanLimit` events, and the seq the next page continues after (the last one looked
    /// at: with a rare filter a page may hold fewer than `limit` and still not be the end;
    /// the end is reached when it equals the head's seq).
    public func entries(after: UInt64, limit: Int, matching filter: EntryFilter, scanLimit: Int = 100_000) throws
        -> (entries: [LedgerEntry], nextAfter: UInt64)
    {
        let head = store.head.seq
        guard after < head, limit > 0 else { return ([], min(after, head)) }
        var cursor = try store.frames(from: after + 1)
        var found: [LedgerEntry] = []
        var last = after
        var scanned = 0
        while let frame = try cursor.next() {
            for record in try frame.events() where record.seq > after && record.seq <= head {
                if found.count >= limit || scanned >= scanLimit { return (found, last) }
                scanned += 1
                last = record.seq
                if let stream = filter.stream, record.stream != stream { continue }
                if let type = filter.type, record.type != type { continue }
                if let user = filter.userID {
                    guard let event = LedgerEvent(type: record.type, payload: record.payload),
                        event.entities.contains(.user(user))
                    else { continue }
                }
                found.append(
                    LedgerEntry(
                        seq: record.seq, time: record.time, type: record.type, stream: record.stream,
                        actorID: record.metadata.actorID, requestID: record.metadata.requestID,
                        clientIP: record.metadata.clientIP, payload: record.payload))
            }
        }
        return (found, last)
    }
}
