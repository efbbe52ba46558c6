import GRDB
import Ledger

extension LogsProjection {
    /// `LogImported`: the source's row with its texts in `log_details`, counted in the rollups
    /// like a row written here (so totals and `/api/data/users` include it).
    static func applyImport(
        seq: UInt64, _ e: Oneledger_V1_LogImported, before: Int64, _ run: CounterRun,
        into rollups: inout LogRollups, _ db: Database
    ) throws {
        guard e.createdAt >= before else { return }
        let id = Int64(seq) * idsPerEvent
        let modelID = try run.id(.model, e.modelName, db)
        let groupID = try run.id(.group, e.group, db)
        let contentID = try run.id(.content, e.content, db)
        try db.executeCached(
            sql: """
                INSERT INTO logs (id, user_id, created_at, type, quota, prompt_tokens, completion_tokens, use_time,
                    is_stream, channel_id, token_id, model_id, group_id, content_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            binding: id, e.userID, e.createdAt, e.type, e.quota, e.promptTokens, e.completionTokens, e.useTime,
            e.isStream, e.channelID, e.tokenID, modelID, groupID, contentID)
        try db.executeCached(
            sql: "INSERT INTO log_details (log_id, username, ip, request_id, other) VALUES (?, ?, ?, ?, ?)",
            binding: id, e.username, e.details.ip, e.details.requestID, e.details.other)
        try indexRequestID(e.details.requestID, logID: id, db)
        rollups.add(
            type: e.type, hour: e.createdAt, userID: e.userID, tokenID: e.tokenID, modelID: modelID,
            channelID: e.channelID, groupID: groupID, quota: e.quota, tokens: e.promptTokens + e.completionTokens)
    }
}
