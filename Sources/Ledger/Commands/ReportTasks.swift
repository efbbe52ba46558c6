/// `POST /api/ledger/tasks` (CONTRACT.md): a relay reports Midjourney or async tasks. The first
/// report of a `(kind, task_id)` creates the task; a later one is merged into its last state
/// (the fields it carries win) and appends a `TaskReported` with the whole new state; a report
/// that changes nothing appends nothing.
public struct ReportTasks: Command {
    /// Each report's fields; unset ones keep the task's last value.
    public var reports: [Oneledger_V1_TaskReported]

    public init(reports: [Oneledger_V1_TaskReported]) { self.reports = reports }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        var events: [LedgerEvent] = []
        var latest: [String: Oneledger_V1_TaskReported] = [:]
        var nextRowID: [String: Int64] = [:]
        for (index, report) in reports.enumerated() {
            guard report.kind == "mj" || report.kind == "task" else {
                throw .invalidInput("report \(index): kind must be \"mj\" or \"task\"")
            }
            guard !report.taskID.isEmpty, report.taskID.utf8.count <= 191 else {
                throw .invalidInput("report \(index): task_id is required (at most 191 bytes)")
            }
            let key = report.kind + "\u{0}" + report.taskID
            var previous = latest[key]
            if previous == nil { previous = try state.task(kind: report.kind, taskID: report.taskID) }
            var next: Oneledger_V1_TaskReported
            if let previous {
                next = previous.merged(with: report)
                next.updatedAt = previous.updatedAt
                if next == previous { continue }
            } else {
                guard report.userID > 0, let user = try state.user(id: report.userID), !user.deleted else {
                    throw .invalidInput("report \(index): unknown user \(report.userID)")
                }
                next = report
                var rowID = nextRowID[report.kind] ?? 0
                if rowID == 0 { rowID = try state.maxTaskRowID(kind: report.kind) + 1 }
                nextRowID[report.kind] = rowID + 1
                next.rowID = rowID
                next.createdAt = context.seconds
            }
            next.updatedAt = context.seconds
            latest[key] = next
            events.append(next.event)
        }
        return events
    }
}

extension Oneledger_V1_TaskReported {
    /// This state with every field `report` sets (non-zero, non-empty) taken from it; the
    /// identity (kind, task id, row id, owner, first report time) stays.
    func merged(with report: Oneledger_V1_TaskReported) -> Oneledger_V1_TaskReported {
        var next = self
        func take<T: Equatable>(_ path: WritableKeyPath<Oneledger_V1_TaskReported, T>, empty: T) {
            if report[keyPath: path] != empty { next[keyPath: path] = report[keyPath: path] }
        }
        for path in [
            \Oneledger_V1_TaskReported.platform, \.action, \.status, \.failReason, \.progress, \.group,
            \.resultURL, \.properties, \.data, \.prompt, \.promptEn, \.description_p, \.state, \.videoURL,
            \.videoUrls, \.buttons,
        ] {
            take(path, empty: "")
        }
        for path in [
            \Oneledger_V1_TaskReported.channelID, \.tokenID, \.submitTime, \.startTime, \.finishTime, \.quota,
            \.code,
        ] {
            take(path, empty: 0)
        }
        return next
    }
}
