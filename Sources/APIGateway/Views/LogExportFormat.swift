import Foundation
import NIOCore
import Projections

/// How `/api/log/export` writes rows: CSV with a header line, or one JSON object per line
/// (each the row as the list routes give it).
enum LogExportFormat: String {
    case csv, jsonl

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

    /// RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
