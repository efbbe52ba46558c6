import GRDB
import Ledger

/// Keeps `logs`: the consume rows (type 2) of usage events and the system (4), manage audit
/// (3), top-up (1) and login (7) entries other events imply, with the per-hour rollups that
/// answer totals without counting rows (`LogRollups`).
///
/// A row's id is `seq × 8 + n`, its event's ledger seq and its place among that event's rows,
/// so a rebuild numbers rows the same way and a row leads back to its event. Usage rows keep
/// only numbers and interned ids (`log_strings`); their `ip`, `request_id` and `other` stay in
/// the ledger and are read by seq for the rows a page shows. Other rows keep their texts in
/// `log_details`.
enum LogsProjection: Projection {
    static let name = "logs"
    /// 2: option removals by an operator are audited too. 3: usage rows, rollups, pruning.
    static let version = 5
    static let tables = ["logs", "log_details", "log_request_ids", "log_rollups", "logs_pruned"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("logs.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE logs (
                        id INTEGER PRIMARY KEY NOT NULL,
                        user_id INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        type INTEGER NOT NULL,
                        content TEXT NOT NULL DEFAULT '',
                        username TEXT NOT NULL DEFAULT '',
                        token_name TEXT NOT NULL DEFAULT '',
                        model_name TEXT NOT NULL DEFAULT '',
                        quota INTEGER NOT NULL DEFAULT 0,
                        prompt_tokens INTEGER NOT NULL DEFAULT 0,
                        completion_tokens INTEGER NOT NULL DEFAULT 0,
                        use_time INTEGER NOT NULL DEFAULT 0,
                        is_stream INTEGER NOT NULL DEFAULT 0,
                        channel_id INTEGER NOT NULL DEFAULT 0,
                        token_id INTEGER NOT NULL DEFAULT 0,
                        "group" TEXT NOT NULL DEFAULT '',
                        ip TEXT NOT NULL DEFAULT '',
                        request_id TEXT NOT NULL DEFAULT '',
                        other TEXT NOT NULL DEFAULT ''
                    );
                    CREATE INDEX logs_user_created ON logs(user_id, created_at);
                    CREATE INDEX logs_created ON logs(created_at);
                    CREATE TABLE logs_sequence (id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), last_id INTEGER NOT NULL);
                    """)
        }
        // The compact layout: rows rebuilt from the ledger (the version bump), texts interned or
        // left in the ledger, one index per filter the consoles send, rollups per hour.
        migrator.registerMigration("logs.v2") { db in
            try db.execute(
                sql: """
                    DROP TABLE logs;
                    DROP TABLE logs_sequence;
                    CREATE TABLE logs (
                        id INTEGER PRIMARY KEY NOT NULL,
                        user_id INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        type INTEGER NOT NULL,
                        quota INTEGER NOT NULL DEFAULT 0,
                        prompt_tokens INTEGER NOT NULL DEFAULT 0,
                        completion_tokens INTEGER NOT NULL DEFAULT 0,
                        use_time INTEGER NOT NULL DEFAULT 0,
                        is_stream INTEGER NOT NULL DEFAULT 0,
                        channel_id INTEGER NOT NULL DEFAULT 0,
                        token_id INTEGER NOT NULL DEFAULT 0,
                        model_id INTEGER NOT NULL DEFAULT 0,
                        group_id INTEGER NOT NULL DEFAULT 0,
                        content_id INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX logs_created ON logs(created_at);
                    CREATE INDEX logs_user_created ON logs(user_id, created_at);
                    CREATE INDEX logs_token_created ON logs(token_id, created_at);
                    CREATE INDEX logs_model_created ON logs(model_id, created_at);
                    CREATE INDEX logs_channel_created ON logs(channel_id, created_at);
                    CREATE INDEX logs_type_created ON logs(type, created_at) WHERE type <> 2;
                    CREATE TABLE log_details (
                        log_id INTEGER PRIMARY KEY NOT NULL,
                        username TEXT NOT NULL DEFAULT '',
                        ip TEXT NOT NULL DEFAULT '',
                        request_id TEXT NOT NULL DEFAULT '',
                        other TEXT NOT NULL DEFAULT ''
                    );
                    CREATE TABLE log_request_ids (
                        hash INTEGER NOT NULL,
                        log_id INTEGER NOT NULL,
                        PRIMARY KEY (hash, log_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE log_rollups (
                        dim INTEGER NOT NULL,
                        value INTEGER NOT NULL,
                        type INTEGER NOT NULL,
                        hour INTEGER NOT NULL,
                        count INTEGER NOT NULL,
                        quota INTEGER NOT NULL,
                        tokens INTEGER NOT NULL,
                        PRIMARY KEY (dim, value, type, hour)
                    ) WITHOUT ROWID;
                    CREATE TABLE logs_pruned (id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), before INTEGER NOT NULL);
                    """)
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        let writer = LogWriter(db: db, recorded: recorded)
        switch recorded.event {
        case .usageRecorded, .logImported:
            try apply(run: CounterRun([recorded][...]), db)
        case .logsPruned(let e):
            try prune(before: e.targetTimestamp, db)
        case .userRegistered(let e):
            if e.newUserReward > 0 {
                try writer.system(userID: e.userID, username: e.username, content: "新用户注册赠送 \(e.logQuotaNewUser)")
            }
            if e.inviteeReward > 0 {
                try writer.system(userID: e.userID, username: e.username, content: "使用邀请码赠送 \(e.logQuotaInvitee)")
            }
            if e.hasOperator {
                try writer.manage(
                    e.operator, content: "Created user \(e.username) (role \(e.role))", action: "user.create",
                    target: e.userID)
            }
        case .inviterRewarded(let e):
            let username = try String.fetchOne(
                db, sql: "SELECT username FROM users WHERE id = ?", arguments: [e.userID])
            try writer.system(userID: e.userID, username: username ?? "", content: "邀请用户赠送 \(e.logQuota)")
        case .userProfileUpdated(let e) where e.hasOperator:
            try writer.manage(
                e.operator, content: "Updated user \(e.username) (ID: \(e.userID))", action: "user.update",
                target: e.userID, extra: ["changes": LogWriter.changes(e.changes)])
        case .userStatusChanged(let e):
            try writer.manage(
                e.operator, content: "Performed \(e.action) on user \(e.username) (ID: \(e.userID))",
                action: "user.manage", target: e.userID, extra: ["action": .string(e.action)])
        case .userRoleChanged(let e):
            try writer.manage(
                e.operator, content: "Performed \(e.action) on user \(e.username) (ID: \(e.userID))",
                action: "user.manage", target: e.userID, extra: ["action": .string(e.action)])
        case .userDeleted(let e) where e.hasOperator:
            if e.hard {
                try writer.manage(
                    e.operator, content: "Deleted user \(e.username) (ID: \(e.userID))", action: "user.delete",
                    target: e.userID)
            } else {
                try writer.manage(
                    e.operator, content: "Performed delete on user \(e.username) (ID: \(e.userID))",
                    action: "user.manage", target: e.userID, extra: ["action": .string("delete")])
            }
        case .userQuotaAdjusted(let e):
            let content =
                switch e.mode {
                case "add": "Increased user quota by \(e.logAmount)"
                case "subtract": "Decreased user quota by \(e.logAmount)"
                default: "Overrode user quota from \(e.logBefore) to \(e.logAfter)"
                }
            try writer.manage(
                e.operator, content: content, action: "user.quota", target: e.userID,
                extra: [
                    "mode": .string(e.mode), "amount": .int(e.amount), "quota_before": .int(e.quotaBefore),
                    "quota_after": .int(e.quotaAfter),
                ])
        case .optionUpdated(let e) where e.hasOperator:
            try writer.manage(
                e.operator, content: "Updated system setting \(e.key)", action: "option.update", key: e.key)
        case .secretOptionUpdated(let e) where e.hasOperator:
            try writer.manage(
                e.operator, content: "Updated system setting \(e.key)", action: "option.update", key: e.key)
        case .optionRemoved(let e) where e.hasOperator:
            try writer.manage(
                e.operator, content: "Removed system setting \(e.key)", action: "option.delete", key: e.key)
        case .userLoggedIn(let e):
            try writer.insert(
                userID: e.userID, username: e.username, type: LogType.login,
                content: "Logged in successfully via \(e.method)", other: ["user_agent": .string(e.userAgent)])
        default:
            try applyResources(recorded, writer)
        }
    }
}

extension Oneledger_V1_UsageRecorded {
    /// The usage with its `created_at` filled from the event's time when the relay sent none.
    func dated(_ recorded: RecordedEvent) -> Oneledger_V1_UsageRecorded {
        guard createdAt == 0 else { return self }
        var copy = self
        copy.createdAt = recorded.seconds
        return copy
    }
}

/// Log type numbers (`model/log.go`).
public enum LogType {
    public static let topup: Int32 = 1
    public static let consume: Int32 = 2
    public static let manage: Int32 = 3
    public static let system: Int32 = 4
    public static let error: Int32 = 5
    public static let refund: Int32 = 6
    public static let login: Int32 = 7
}
