import Engine
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Projections
import ServiceLifecycle

/// docs/api.md: `GET /api/log/export` and `/self/export` (the list filters, streamed as CSV or
/// JSON lines, keyset pages of 500 rows, no row cap, memory flat) and `GET /api/log/stream` and
/// `/self/stream` (server-sent events, `LogExportRoutes+Stream.swift`).
struct LogExportRoutes: Sendable {
    let engine: Engine
    /// The interval of the streams' heartbeat comment lines.
    let heartbeat: Duration
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
            try await format.export(engine: engine, filter: filter, userFacing: userFacing) {
                try await writer.write($0)
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
}
