import EventStore
import Foundation
import Ledger

/// `oneledger export`: the events of a stopped server's ledger between two moments or seqs,
/// optionally of one stream, as JSON lines (`EventJSON`, secrets sealed) or CSV, one frame in
/// memory at a time however long the ledger.
public enum ExportEvents {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    /// Where an export starts or ends: a moment (Unix seconds) or a seq.
    public enum Bound: Sendable, Equatable {
        case time(Int64)
        case seq(UInt64)

        /// `seq:N`, Unix seconds, or an ISO 8601 date or date-time (UTC unless it says).
        public init?(_ text: String) {
            if text.hasPrefix("seq:") {
                guard let seq = UInt64(text.dropFirst(4)) else { return nil }
                self = .seq(seq)
            } else if let seconds = Int64(text) {
                self = .time(seconds)
            } else if let date = Self.date(text) {
                self = .time(Int64(date.timeIntervalSince1970))
            } else {
                return nil
            }
        }

        static func date(_ text: String) -> Date? {
            let full = ISO8601DateFormatter()
            if let date = full.date(from: text) { return date }
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            return day.date(from: text)
        }
    }

    static let csvColumns = ["seq", "time", "type", "stream", "actor_id", "request_id", "ip", "payload"]

    /// Writes the header (CSV) and every matching event through `write`, in chunks of about
    /// 64 KiB; returns how many events were written. `from` and `to` are inclusive.
    @discardableResult
    public static func run(
        ledgerDirectory: String, format: Format, from: Bound?, to: Bound?, stream: String?,
        write: (String) throws -> Void
    ) throws -> Int {
        var configuration = EventStoreConfiguration()
        configuration.readOnly = true
        let store = try EventStore(directory: ledgerDirectory, configuration: configuration)
        defer { store.close() }
        var startSeq: UInt64 = 1
        if case .seq(let seq)? = from { startSeq = max(seq, 1) }
        var output = format == .csv ? csvColumns.joined(separator: ",") + "\n" : ""
        var written = 0
        var cursor = try store.frames(from: startSeq)
        frames: while let frame = try cursor.next() {
            if case .time(let first)? = from, frame.header.maxTime < first * 1000 { continue }
            for record in try frame.events() where record.seq >= startSeq {
                switch to {
                case .seq(let last)? where record.seq > last: break frames
                case .time(let last)? where record.time > last * 1000 + 999: break frames
                default: break
                }
                if case .time(let first)? = from, record.time < first * 1000 { continue }
                if let stream, record.stream != stream { continue }
                output += line(record, format: format)
                written += 1
            }
            if output.utf8.count >= 65_536 {
                try write(output)
                output = ""
            }
        }
        if !output.isEmpty { try write(output) }
        return written
    }

    static func line(_ record: EventRecord, format: Format) -> String {
        switch format {
        case .jsonl: return EventJSON.line(record) + "\n"
        case .csv:
            let payload = EventJSON.payload(type: record.type, bytes: record.payload).jsonText(escapingSlashes: false)
            let fields = [
                String(record.seq), String(record.time), record.type, record.stream, String(record.metadata.actorID),
                record.metadata.requestID, record.metadata.clientIP, payload,
            ]
            return fields.map(csvField).joined(separator: ",") + "\n"
        }
    }

    /// RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
