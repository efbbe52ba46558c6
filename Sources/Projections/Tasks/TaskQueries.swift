import Foundation
public import GRDB
public import Ledger

/// Reads of the task read model for `/api/mj/*` and `/api/task/*` (resources.md §7.2, §7.3):
/// paged, newest first (`id desc`), with the reference's filters.
public struct TaskQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    public struct Filter: Sendable {
        /// "mj" or "task".
        public var kind: String
        public var userID: Int64?
        public var channelID: Int64 = 0
        /// `mj_id` for Midjourney.
        public var taskID: String?
        public var platform: String?
        public var status: String?
        public var action: String?
        /// Bounds on `submit_time` (ms for Midjourney, seconds for tasks); 0 = unbounded.
        public var start: Int64 = 0
        public var end: Int64 = 0

        public init(kind: String) { self.kind = kind }
    }

    public struct Item: Sendable {
        public var state: Oneledger_V1_TaskReported
        public var username: String
    }

    public struct Page: Sendable {
        public var items: [Item]
        public var total: Int
    }

    public func list(_ filter: Filter, offset: Int, limit: Int) async throws -> Page {
        try await reader.read { db in
            var clauses = ["t.kind = ?"]
            var arguments: StatementArguments = [TasksProjection.kindNumber(filter.kind)]
            func add(_ clause: String, _ value: some DatabaseValueConvertible) {
                clauses.append(clause)
                arguments += [value]
            }
            if let userID = filter.userID { add("t.user_id = ?", userID) }
            if filter.channelID != 0 { add("t.channel_id = ?", filter.channelID) }
            if let taskID = filter.taskID { add("t.task_id = ?", Data(taskID.utf8)) }
            if let platform = filter.platform { add("t.platform = ?", Data(platform.utf8)) }
            if let status = filter.status { add("t.status = ?", Data(status.utf8)) }
            if let action = filter.action { add("t.action = ?", Data(action.utf8)) }
            if filter.start > 0 { add("t.submit_time >= ?", filter.start) }
            if filter.end > 0 { add("t.submit_time <= ?", filter.end) }
            let whereSQL = "WHERE " + clauses.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks t \(whereSQL)", arguments: arguments) ?? 0
            arguments += [limit, offset]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT t.state, u.username FROM tasks t LEFT JOIN users u ON u.id = t.user_id \(whereSQL)
                    ORDER BY t.id DESC LIMIT ? OFFSET ?
                    """,
                arguments: arguments)
            let items = rows.compactMap { row -> Item? in
                let bytes: Data = row["state"]
                guard case .taskReported(let state)? = LedgerEvent(type: "TaskReported", payload: [UInt8](bytes))
                else { return nil }
                return Item(state: state, username: row["username"] ?? "")
            }
            return Page(items: items, total: total)
        }
    }
}
