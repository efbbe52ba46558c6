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

    func insert(
        userID: Int64, username: String, type: Int32, content: String, other: [String: JSONValue]?, quota: Int64 = 0
    ) throws {
        let lastID = try Int64.fetchOne(db, cachedSQL: "SELECT last_id FROM logs_sequence WHERE id = 1") ?? 0
        let id = lastID + 1
        try db.executeCached(
            sql: "INSERT INTO logs_sequence (id, last_id) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id",
            arguments: [id])
        let otherText = other.map { JSONValue($0).jsonText() } ?? ""
        try db.executeCached(
            sql: """
                INSERT INTO logs (id, user_id, created_at, type, content, username, ip, request_id, other, quota)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, userID, recorded.seconds, type, content, username,
                type == LogType.manage || type == LogType.login ? recorded.clientIP : "", recorded.requestID, otherText, quota,
            ])
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
