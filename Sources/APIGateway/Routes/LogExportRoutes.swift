import Engine
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Projections
import ServiceLifecycle

/// CONTRACT.md: `GET /api/log/export` and `/self/export` (the list filters, streamed as CSV or
/// JSON lines, keyset pages of 500 rows, no row cap, memory flat) and `GET /api/log/stream` and
/// `/self/stream` (server-sent events: `event: log`, `id:` the row's ledger seq, `data:` the row;
/// from the moment of connecting, or after `Last-Event-ID`). A stream reads rows from the read
/// models after each commit notification, so a slow client never holds the writer back.
struct LogExportRoutes: Sendable {
    let engine: Engine
    static let exportPage = 500
    static let streamPage = 200
    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    func register(user: some RouterMethods<SignedInContext>, admin: some RouterMethods<SignedInContext>) {
        admin.get("log/export", use: export)
        user.get("log/self/export", use: exportSelf)
        admin.get("log/stream", use: stream)
        user.get("log/self/stream", use: streamSelf)
    }

    @Sendable func export(_ request: Request, context: SignedInContext) async throws -> Response {
        try export(request, filter: try LogFilterInput.parse(request), userFacing: false)
    }

    @Sendable func exportSelf(_ request: Request, context: SignedInContext) async throws -> Response {
        try export(request, filter: try LogFilterInput.parse(request, selfOf: context.caller.id), userFacing: true)
    }

    @Sendable func stream(_ request: Request, context: SignedInContext) async throws -> Response {
        try await stream(request, filter: try LogFilterInput.parse(request), userFacing: false)
    }

    @Sendable func streamSelf(_ request: Request, context: SignedInContext) async throws -> Response {
        try await stream(
            request, filter: try LogFilterInput.parse(request, selfOf: context.caller.id), userFacing: true)
    }

    // MARK: - Export

    private func export(_ request: Request, filter: LogFilter, userFacing: Bool) throws -> Response {
        let name = request.uri.queryParameters["format"].map(String.init) ?? "csv"
        guard let format = LogExportFormat(rawValue: name) else {
            throw APIError.refused("format must be csv or jsonl")
        }
        let engine = engine
        let body = ResponseBody { writer in
            var buffer = ByteBuffer(string: format.header)
            var before: (createdAt: Int64, id: Int64)?
            var written = 0
            while true {
                let rows = try engine.withLedgerDetails(
                    try await engine.logs.page(filter, before: before, limit: Self.exportPage))
                let shown = userFacing ? LogJSON.user(rows, offset: written) : rows.map(LogJSON.admin)
                format.write(shown, to: &buffer)
                try await writer.write(buffer)
                buffer.clear()
                written += rows.count
                guard rows.count == Self.exportPage, let last = rows.last else { break }
                before = (last.createdAt, last.id)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: format.contentType,
                .contentDisposition: "attachment; filename=\"logs.\(format.rawValue)\"",
                .cacheControl: "no-store",
            ],
            body: body)
    }

    // MARK: - Stream

    private func stream(_ request: Request, filter: LogFilter, userFacing: Bool) async throws -> Response {
        // Subscribe before reading where to start, so no commit falls between the two.
        let notifications = engine.commitNotifications()
        let start: Int64
        if let last = request.headers[Self.lastEventID].flatMap({ UInt64($0) }) {
            start = LogRecord.lastID(throughSeq: last)
        } else {
            start = try await engine.logs.lastID()
        }
        let engine = engine
        let body = ResponseBody { writer in
            var shown = 0
            var after = start
            while true {
                var page = filter
                page.afterID = after
                let rows = try engine.withLedgerDetails(try await engine.logs.after(page, limit: Self.streamPage))
                if !rows.isEmpty {
                    var buffer = ByteBuffer()
                    let items = userFacing ? LogJSON.user(rows, offset: shown) : rows.map(LogJSON.admin)
                    for (row, item) in zip(rows, items) {
                        buffer.writeString("event: log\nid: \(row.seq)\ndata: ")
                        buffer.writeBytes((try? Envelope.encoder.encode(item)) ?? Data())
                        buffer.writeString("\n\n")
                    }
                    try await writer.write(buffer)
                    shown += rows.count
                    after = rows[rows.count - 1].id
                    if rows.count == Self.streamPage { continue }
                }
                // Wait for the next commit; the server's shutdown ends the stream.
                let next = try? await cancelWhenGracefulShutdown {
                    var iterator = notifications.makeAsyncIterator()
                    return await iterator.next()
                }
                if next == nil || next! == nil { break }
            }
            try await writer.finish(nil)
        }
        var response = Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        response.headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return response
    }
}
