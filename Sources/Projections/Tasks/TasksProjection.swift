import Foundation
import GRDB
import Ledger

/// Keeps `tasks`: the Midjourney tasks (kind 1) and the async tasks (kind 2) relays report,
/// each row the last reported state (`state`, the `TaskReported` payload) plus the columns the
/// list filters use.
enum TasksProjection: Projection {
    static let name = "tasks"
    static let version = 1
    static let tables = ["tasks"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("tasks.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tasks (
                        kind INTEGER NOT NULL,
                        id INTEGER NOT NULL,
                        task_id TEXT NOT NULL,
                        user_id INTEGER NOT NULL,
                        channel_id INTEGER NOT NULL,
                        platform TEXT NOT NULL,
                        action TEXT NOT NULL,
                        status TEXT NOT NULL,
                        submit_time INTEGER NOT NULL,
                        state BLOB NOT NULL,
                        PRIMARY KEY (kind, id)
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX tasks_task_id ON tasks(kind, task_id);
                    CREATE INDEX tasks_user ON tasks(kind, user_id, id);
                    """)
        }
    }

    /// The stored kind of a report's `kind` ("mj" or "task").
    static func kindNumber(_ kind: String) -> Int64 { kind == "mj" ? 1 : 2 }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        guard case .taskReported(let e) = recorded.event else { return }
        try db.executeCached(
            sql: """
                INSERT INTO tasks (kind, id, task_id, user_id, channel_id, platform, action, status, submit_time, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (kind, id) DO UPDATE SET task_id = excluded.task_id, user_id = excluded.user_id,
                    channel_id = excluded.channel_id, platform = excluded.platform, action = excluded.action,
                    status = excluded.status, submit_time = excluded.submit_time, state = excluded.state
                """,
            arguments: [
                kindNumber(e.kind), e.rowID, Data(e.taskID.utf8), e.userID, e.channelID, Data(e.platform.utf8),
                Data(e.action.utf8), Data(e.status.utf8),
                e.submitTime, Data(e.event.payload()),
            ])
    }
}

extension DatabaseDecisionState {
    func task(kind: String, taskID: String) throws(LedgerError) -> Oneledger_V1_TaskReported? {
        try read {
            guard
                let bytes = try Data.fetchOne(
                    db, sql: "SELECT state FROM tasks WHERE kind = ? AND task_id = ?",
                    arguments: [TasksProjection.kindNumber(kind), Data(taskID.utf8)])
            else { return nil }
            guard
                case .taskReported(let state) = LedgerEvent(
                    type: Oneledger_V1_TaskReported.wireName, payload: [UInt8](bytes))
            else { return nil }
            return state
        }
    }

    func maxTaskRowID(kind: String) throws(LedgerError) -> Int64 {
        try read {
            try Int64.fetchOne(
                db, sql: "SELECT MAX(id) FROM tasks WHERE kind = ?", arguments: [TasksProjection.kindNumber(kind)]) ?? 0
        }
    }
}
