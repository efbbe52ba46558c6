public import Foundation
import GRDB
import Ledger

extension LogsProjection {
    /// Row ids per event: `seq × 8 + n` leaves room for the most rows one event writes (3).
    static let idsPerEvent: Int64 = 8

    /// A run (`LedgerEvent.foldsInRuns`): the usages' and imported logs' rows with their
    /// rollups in one pass (each rollup row written once per run), everything else one by one.
    static func apply(run: CounterRun, _ db: Database) throws {
        // Only `LogsPruned`, never part of a run, moves the bound.
        let before = try prunedBefore(db)
        var rollups = LogRollups()
        for recorded in run.events {
            switch recorded.event {
            case .usageRecorded: continue
            case .logImported(let e): try applyImport(seq: recorded.seq, e, before: before, run, into: &rollups, db)
            default: try apply(recorded, db)
            }
        }
        if !run.usages.isEmpty { try applyUsage(run.usages, before: before, run, into: &rollups, db) }
        try rollups.write(db)
    }

    /// The consume rows (type 2) of usage events: numbers and interned ids only, counted in
    /// `rollups` (also when older than the prune bound `before`, which keeps only the rows out).
    /// `ip`, `request_id` and `other` stay in the ledger; the request id is findable through
    /// `usage_requests`, which holds it anyway.
    static func applyUsage(
        _ usages: [(seq: UInt64, usage: Oneledger_V1_UsageRecorded)], before: Int64, _ run: CounterRun,
        into rollups: inout LogRollups, _ db: Database
    ) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO logs (id, user_id, created_at, type, quota, prompt_tokens, completion_tokens, use_time,
                    is_stream, channel_id, token_id, model_id, group_id, content_id)
                VALUES (?, ?, ?, 2, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (seq, usage) in usages {
            let modelID = try run.id(.model, usage.modelName, db)
            let groupID = try run.id(.group, usage.group, db)
            let tokens = usage.promptTokens + usage.completionTokens
            rollups.add(
                type: LogType.consume, hour: usage.createdAt, userID: usage.userID, tokenID: usage.tokenID,
                modelID: modelID, channelID: usage.channelID, groupID: groupID, quota: usage.quota, tokens: tokens)
            guard usage.createdAt >= before else { continue }
            let id = Int64(seq) * idsPerEvent
            let contentID = try run.id(.content, usage.content, db)
            try insert.run(
                binding: id, usage.userID, usage.createdAt, usage.quota, usage.promptTokens, usage.completionTokens,
                usage.useTime, usage.isStream, usage.channelID, usage.tokenID, modelID, groupID, contentID)
        }
    }

    /// Makes a row that is not a usage row findable by its request id: a 64-bit hash of it,
    /// checked against the rendered row's request id when read.
    static func indexRequestID(_ requestID: String, logID: Int64, _ db: Database) throws {
        guard !requestID.isEmpty else { return }
        try db.executeCached(
            sql: "INSERT OR IGNORE INTO log_request_ids (hash, log_id) VALUES (?, ?)",
            arguments: [requestIDHash(requestID), logID])
    }

    /// FNV-1a over the UTF-8 bytes, as a signed integer SQLite stores in at most 8 bytes.
    public static func requestIDHash(_ requestID: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in requestID.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }
}

extension ReadModels {
    /// The id of an event's first log row and the key `usage_requests` holds a request id by,
    /// for a benchmark's raw inserts of rows shaped as the projections write them.
    public static func logRowID(seq: UInt64) -> Int64 { Int64(seq) * LogsProjection.idsPerEvent }
    public static func requestKey(_ requestID: String) -> Data { RequestKey.of(requestID) }
}
