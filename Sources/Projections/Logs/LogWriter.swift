import GRDB
import Ledger

/// Inserts the log rows of one event, numbering them from `logs_sequence`.
struct LogWriter {
    let db: Database
    let recorded: RecordedEvent

    func system(userID: Int64, username: String, content: String) throws {
        try insert(userID: userID, username: username, type: LogType.system, content: content, other: nil)
    }

    /// A type-3 manage entry owned by the operator, the target in `other.op.params`.
    func manage(
        _ operatorInfo: Oneledger_V1_Operator, content: String, action: String, target: Int64? = nil,
        key: String? = nil, extra: [String: JSONValue] = [:]
    ) throws {
        var params = extra
        if let target { params["target_user_id"] = .int(target) }
        if let key { params["key"] = .string(key) }
        let other: [String: JSONValue] = [
            "op": JSONValue(["action": .string(action), "params": JSONValue(params)]),
            "admin_info": JSONValue([
                "admin_id": .int(operatorInfo.userID), "admin_username": .string(operatorInfo.username),
                "admin_role": .int(Int64(operatorInfo.role)), "auth_method": .string(operatorInfo.authMethod),
            ]),
        ]
        try insert(
            userID: operatorInfo.userID, username: operatorInfo.username, type: LogType.manage, content: content,
            other: other)
    }

    /// Inserts one row with its texts in `log_details`, numbered after the event's earlier
    /// rows, and counts it in the rollups. Rows older than the last prune target are not kept.
    func insert(
        userID: Int64, username: String, type: Int32, content: String, other: [String: JSONValue]?, quota: Int64 = 0
    ) throws {
        let createdAt = recorded.seconds
        guard try createdAt >= LogsProjection.prunedBefore(db) else { return }
        let first = Int64(recorded.seq) * LogsProjection.idsPerEvent
        let last = try Int64.fetchOne(
            db, cachedSQL: "SELECT MAX(id) FROM logs WHERE id >= ? AND id < ?",
            arguments: [first, first + LogsProjection.idsPerEvent])
        let id = last.map { $0 + 1 } ?? first
        let otherText = other.map { JSONValue($0).jsonText() } ?? ""
        let contentID = try InternedString.content.id(content, db)
        try db.executeCached(
            sql: "INSERT INTO logs (id, user_id, created_at, type, quota, content_id) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [id, userID, createdAt, type, quota, contentID])
        let ip = type == LogType.manage || type == LogType.login ? recorded.clientIP : ""
        try db.executeCached(
            sql: "INSERT INTO log_details (log_id, username, ip, request_id, other) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, username, ip, recorded.requestID, otherText])
        try LogsProjection.indexRequestID(recorded.requestID, logID: id, db)
        var rollups = LogRollups()
        rollups.add(type: type, hour: createdAt, userID: userID, quota: quota)
        try rollups.write(db)
    }

    /// The `changes` of an edit as the audit lists them: field, before, after.
    static func changes(_ changes: [Oneledger_V1_FieldChange]) -> JSONValue {
        .array(
            changes.map { change in
                let fields = ["field": change.field, "before": change.before, "after": change.after]
                return JSONValue(fields.mapValues(JSONValue.string))
            })
    }
}
