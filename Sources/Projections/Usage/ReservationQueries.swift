public import GRDB
public import Ledger

/// What the gateway and the expiry service read about holds, from the reader pool.
public struct ReservationQueries: Sendable {
    let reader: any DatabaseReader

    public init(reader: any DatabaseReader) {
        self.reader = reader
    }

    public func reservation(requestID: String) async throws -> ReservationSnapshot? {
        try await reader.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(ReservationsProjection.columns) FROM reservations WHERE request_id = ?",
                arguments: [requestID]
            ).map(ReservationsProjection.snapshot)
        }
    }

    /// The earliest `expires_at` of an open hold (Unix seconds), nil when none is open.
    public func nextExpiry() async throws -> Int64? {
        try await reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(expires_at) FROM reservations WHERE status = 0")
        }
    }
}
