import EventStore
import Ledger

/// The ceilings a replay is measured against (`oneledger bench replay`): the same ledger
/// read without folding anything.
extension ReplayRebuild {
    /// Reads every frame (CRC-32C and LZ4 only) and counts events from the headers: the raw
    /// scan ceiling.
    public static func scanCeiling(dataDirectory: String) throws -> Int {
        var configuration = EventStoreConfiguration()
        configuration.readOnly = true
        let store = try EventStore(directory: dataDirectory + "/ledger", configuration: configuration)
        defer { store.close() }
        var cursor = try store.frames(from: 1)
        var count = 0
        while let frame = try cursor.next() { count += Int(frame.header.count) }
        return count
    }

    /// The check a replay makes before folding, alone: every frame read, its CRC, record count
    /// and hash chain checked, and its events decoded (envelopes and payloads); returns the count.
    public static func scanChecked(dataDirectory: String) throws -> Int {
        var count = 0
        let report = try LogVerifier.verify(
            directory: dataDirectory + "/ledger",
            visit: { frame in
                for record in try frame.events() where LedgerEvent(type: record.type, payload: record.payload) != nil {
                    count += 1
                }
            })
        if let problem = report.problem { throw ReplayError.damaged(problem.description) }
        return count
    }
}
