public import Engine
public import Ledger

/// `GET /api/ledger/events` items: an engine's ledger entry rendered as `EventJSON` renders
/// a stored event (payload decoded, secret fields "[sealed]", their fingerprints shown).
extension EventJSON {
    public static func object(_ entry: Engine.LedgerEntry) -> JSONValue {
        object(
            seq: entry.seq, time: entry.time, type: entry.type, stream: entry.stream, actorID: entry.actorID,
            requestID: entry.requestID, clientIP: entry.clientIP, payload: entry.payload)
    }
}
