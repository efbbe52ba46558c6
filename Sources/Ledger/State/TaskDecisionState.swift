/// What task decisions read: a task's last reported state and the next row id (`ReportTasks`).
public protocol TaskDecisionState {
    /// The state the last report of this task carried, or nil for a task never reported.
    func task(kind: String, taskID: String) throws(LedgerError) -> Oneledger_V1_TaskReported?
    /// The largest row id of tasks of this kind (0 when none): a new task gets the next one.
    func maxTaskRowID(kind: String) throws(LedgerError) -> Int64
}
