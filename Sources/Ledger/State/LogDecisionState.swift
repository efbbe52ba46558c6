/// What log decisions read: how many rows the log holds below a time (`PruneLogs`).
public protocol LogDecisionState {
    /// The number of log rows with `created_at` below `target` (Unix seconds).
    func logCount(before target: Int64) throws(LedgerError) -> Int64
}
