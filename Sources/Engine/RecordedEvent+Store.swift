import EventStore
import Ledger

extension RecordedEvent {
    /// Decodes an event read from the store.
    init(_ record: EventRecord) throws(EngineError) {
        guard let event = LedgerEvent(type: record.type, payload: record.payload) else {
            throw .undecodableEvent(seq: record.seq, type: record.type)
        }
        self.init(
            seq: record.seq, time: record.time, actorID: record.metadata.actorID,
            requestID: record.metadata.requestID, clientIP: record.metadata.clientIP, event: event)
    }

    /// The envelope the store appends.
    var newEvent: NewEvent {
        NewEvent(
            time: time, type: event.type, stream: event.stream,
            metadata: EventMetadata(actorID: actorID, requestID: requestID, clientIP: clientIP),
            payload: event.payload())
    }
}
