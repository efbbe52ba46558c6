public import Engine
public import Foundation
import NIOCore
public import Projections

/// How `/api/log/export` writes rows: CSV with a header line, or one JSON object per line
/// (each the row as the list routes give it); `export` pages through them for the route and
/// for `oneledger export --what logs`.
public enum LogExportFormat: String, Sendable, CaseIterable {
    case csv, jsonl

    /// Rows per keyset page.
    static let page = 500

    var contentType: String { self == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8" }

    static let columns = [
        "id", "created_at", "type", "username", "token_name", "model_name", "quota", "prompt_tokens",
        "completion_tokens", "use_time", "is_stream", "channel", "channel_name", "token_id", "group", "ip",
        "request_id", "content", "other",
    ]

    /// The bytes before the first row.
    var header: String { self == .csv ? Self.columns.joined(separator: ",") + "\n" : "" }

    /// Appends `rows` to `buffer`, one line each.
    func write(_ rows: [LogJSON], to buffer: inout ByteBuffer) {
        for row in rows {
            switch self {
            case .jsonl:
                buffer.writeBytes((try? Envelope.encoder.encode(row)) ?? Data("{}".utf8))
                buffer.writeString("\n")
            case .csv:
                let r = row.record
                let fields: [String] = [
                    String(row.id), String(r.createdAt), String(r.type), r.username, r.tokenName, r.modelName,
                    String(r.quota), String(r.promptTokens), String(r.completionTokens), String(r.useTime),
                    r.isStream ? "true" : "false", String(r.channelId), row.userFacing ? "" : r.channelName,
                    String(r.tokenId), r.group, r.ip, r.requestId, r.content,
                    row.userFacing ? LogJSON.stripped(r.other) : r.other,
                ]
                buffer.writeString(fields.map(Self.csvField).joined(separator: ",") + "\n")
            }
        }
    }

    /// Every row `filter` matches, in keyset pages of `page` (newest first, as the list), the
    /// admin or user form (`userFacing`): the header, then each page encoded and handed to
    /// `write`, so memory holds one page however many rows. Returns how many rows were written.
    @discardableResult
    func export(
        engine: Engine, filter: LogFilter, userFacing: Bool, write: (ByteBuffer) async throws -> Void
    ) async throws -> Int {
        var buffer = ByteBuffer(string: header)
        var before: (createdAt: Int64, id: Int64)?
        var written = 0
        while true {
            let rows = try engine.withLedgerDetails(
                try await engine.logs.page(filter, before: before, limit: Self.page))
            let shown = userFacing ? LogJSON.user(rows, offset: written) : rows.map(LogJSON.admin)
            self.write(shown, to: &buffer)
            try await write(buffer)
            buffer.clear()
            written += rows.count
            guard rows.count == Self.page, let last = rows.last else { return written }
            before = (last.createdAt, last.id)
        }
    }

    /// `oneledger export --what logs`: what `GET /api/log/export?format=…` answers an admin for
    /// `filter` (its header and rows, byte for byte), handed to `write` a page at a time.
    @discardableResult
    public func export(engine: Engine, filter: LogFilter, write: (Data) throws -> Void) async throws -> Int {
        try await export(engine: engine, filter: filter, userFacing: false) { try write(Data($0.readableBytesView)) }
    }

    /// RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
