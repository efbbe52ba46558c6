import Engine
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Projections
import ServiceLifecycle
import Synchronization

/// `GET /api/log/stream` and `/self/stream`: new log rows as server-sent events (`event: log`,
/// `id:` the row's ledger seq, `data:` the row as the lists give it), from the moment of
/// connecting or after `Last-Event-ID`, and a `: heartbeat` comment line every `heartbeat`.
///
/// A slow client never slows the writer: the writer only drops "the head moved" into a buffer of
/// one per client (`Engine.commitNotifications`), and the stream reads the rows after its cursor
/// from the read models at the pace the client takes them. So what a client can hold up is
/// bounded — one pending wake-up, one page of at most `streamPage` rows and 64 KiB of encoded
/// text — and a client that falls behind loses nothing: it is served the rows it has not seen,
/// in order, as it catches up (rows pruned meanwhile are skipped, as the list would skip them).
extension LogExportRoutes {
    static let flushBytes = 64 * 1024

    func stream(_ request: Request, filter: LogFilter, userFacing: Bool) async throws -> Response {
        // Subscribe before reading where to start, so no commit falls between the two.
        let notifications = engine.commitNotifications()
        let start: Int64
        if let last = request.headers[Self.lastEventID].flatMap({ UInt64($0) }) {
            start = LogRecord.lastID(throughSeq: last)
        } else {
            start = try await engine.logs.lastID()
        }
        let engine = engine
        let heartbeat = heartbeat
        let body = ResponseBody { writer in
            let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            let beat = HeartbeatDue()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in notifications { wake.yield() }
                    wake.finish()
                }
                group.addTask {
                    while (try? await Task.sleep(for: heartbeat)) != nil {
                        beat.set()
                        wake.yield()
                    }
                }
                var shown = 0
                var after = start
                while true {
                    // Every wake-up reads what is new; a commit missed while busy is read next time.
                    var buffer = ByteBuffer()
                    while true {
                        var page = filter
                        page.afterID = after
                        let rows = try engine.withLedgerDetails(
                            try await engine.logs.after(page, limit: Self.streamPage))
                        let items = userFacing ? LogJSON.user(rows, offset: shown) : rows.map(LogJSON.admin)
                        for (row, item) in zip(rows, items) {
                            buffer.writeString("event: log\nid: \(row.seq)\ndata: ")
                            buffer.writeBytes((try? Envelope.encoder.encode(item)) ?? Data())
                            buffer.writeString("\n\n")
                            if buffer.readableBytes >= Self.flushBytes {
                                try await writer.write(buffer)
                                buffer.clear()
                            }
                        }
                        shown += rows.count
                        if let last = rows.last { after = last.id }
                        if rows.count < Self.streamPage { break }
                    }
                    if beat.take() { buffer.writeString(": heartbeat\n\n") }
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                    // Wait for the next commit or heartbeat; the server's shutdown ends the stream.
                    let woke = await cancelWhenGracefulShutdown {
                        var iterator = wakes.makeAsyncIterator()
                        return await iterator.next() != nil
                    }
                    if !woke { break }
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        var response = Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        response.headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return response
    }
}

/// Whether a heartbeat is due on a stream: set by its timer, taken by its loop.
final class HeartbeatDue: Sendable {
    private let due = Mutex(false)

    func set() { due.withLock { $0 = true } }

    /// True once after each `set`.
    func take() -> Bool {
        due.withLock { state in
            defer { state = false }
            return state
        }
    }
}
