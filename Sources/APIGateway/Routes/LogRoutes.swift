import Engine
import Hummingbird
import Ledger
import Projections

/// docs/api.md: the usage logs. Admins read every row, users their own
/// (display ids, no channel names, `other` without admin keys); totals come from the rollups.
struct LogRoutes: Sendable {
    let engine: Engine
    let commands: CommandRunner
    let clock: WallClock

    func register(
        user: some RouterMethods<SignedInContext>, admin: some RouterMethods<SignedInContext>,
        userSearch: some RouterMethods<SignedInContext>, adminSearch: some RouterMethods<SignedInContext>
    ) {
        admin.get("log", use: list)
        admin.delete("log", use: prune)
        admin.get("log/stat", use: stat)
        adminSearch.get("log/search", use: search)
        user.get("log/self", use: listSelf)
        user.get("log/self/stat", use: statSelf)
        userSearch.get("log/self/search", use: searchSelf)
    }

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        try await page(request, filter: LogFilterInput.parse(request), userFacing: false)
    }

    @Sendable func listSelf(_ request: Request, context: SignedInContext) async throws -> Response {
        try await page(request, filter: LogFilterInput.parse(request, selfOf: context.caller.id), userFacing: true)
    }

    @Sendable func search(_ request: Request, context: SignedInContext) async throws -> Response {
        try await page(request, filter: LogFilterInput.parse(request, keyword: true), userFacing: false)
    }

    @Sendable func searchSelf(_ request: Request, context: SignedInContext) async throws -> Response {
        try await page(
            request, filter: LogFilterInput.parse(request, selfOf: context.caller.id, keyword: true), userFacing: true)
    }

    @Sendable func stat(_ request: Request, context: SignedInContext) async throws -> Response {
        try await stat(LogFilterInput.parse(request))
    }

    @Sendable func statSelf(_ request: Request, context: SignedInContext) async throws -> Response {
        try await stat(LogFilterInput.parse(request, selfOf: context.caller.id))
    }

    /// `DELETE /api/log/?target_timestamp=T`: a `LogsPruned` event; `data` = rows deleted.
    @Sendable func prune(_ request: Request, context: SignedInContext) async throws -> Response {
        let target = request.uri.queryParameters["target_timestamp"].flatMap { Int64(String($0)) } ?? 0
        guard target > 0 else { throw APIError.refused("target timestamp is required") }
        let events = try await commands.run(PruneLogs(targetTimestamp: target, operator: context.operatorInfo), context)
        guard case .logsPruned(let pruned)? = events.first?.event else { throw LedgerError.recordNotFound }
        return Envelope.success(pruned.deleted)
    }

    // MARK: - Helpers

    private func page(_ request: Request, filter: LogFilter, userFacing: Bool) async throws -> Response {
        let paging = PageQuery(request)
        let page = try await engine.logs.list(filter, offset: paging.offset, limit: paging.pageSize)
        var rows = try engine.withLedgerDetails(page.items)
        // Rows are found by a hash of the request id: drop the (vanishingly rare) collisions.
        if let requestID = filter.requestID { rows = rows.filter { $0.requestId == requestID } }
        let items = userFacing ? LogJSON.user(rows, offset: paging.offset) : rows.map(LogJSON.admin)
        return Envelope.success(Page(page: paging.page, pageSize: paging.pageSize, total: page.total, items: items))
    }

    private func stat(_ filter: LogFilter) async throws -> Response {
        let figures = try await engine.logs.stat(filter, now: clock.seconds)
        return Envelope.success(["quota": figures.quota, "rpm": figures.rpm, "tpm": figures.tpm])
    }
}
