import Engine
import Hummingbird
import Ledger
import Projections

/// docs/api.md: the drawing (Midjourney) and async task logs, paged newest first.
/// Midjourney bounds are milliseconds, as its console sends them; task bounds are seconds.
/// With `MjForwardUrlEnabled` (the default) a drawing's `image_url` is New API's forward
/// address, `<ServerAddress>/mj/image/<mj_id>`, instead of the upstream's.
struct TaskRoutes: Sendable {
    let tasks: TaskQueries
    let options: OptionQueries

    func register(user: some RouterMethods<SignedInContext>, admin: some RouterMethods<SignedInContext>) {
        admin.get("mj", use: midjourney)
        user.get("mj/self", use: midjourneySelf)
        admin.get("task", use: task)
        user.get("task/self", use: taskSelf)
    }

    @Sendable func midjourney(_ request: Request, context: SignedInContext) async throws -> Response {
        try await page(request, kind: "mj", userID: nil)
    }

    @Sendable func midjourneySelf(_ request: Request, context: SignedInContext) async throws -> Response {
        try await page(request, kind: "mj", userID: context.caller.id)
    }

    @Sendable func task(_ request: Request, context: SignedInContext) async throws -> Response {
        try await page(request, kind: "task", userID: nil)
    }

    @Sendable func taskSelf(_ request: Request, context: SignedInContext) async throws -> Response {
        try await page(request, kind: "task", userID: context.caller.id)
    }

    private func page(_ request: Request, kind: String, userID: Int64?) async throws -> Response {
        let query = request.uri.queryParameters
        func text(_ key: String) -> String? {
            guard let value = query[Substring(key)].map(String.init), !value.isEmpty else { return nil }
            return value
        }
        var filter = TaskQueries.Filter(kind: kind)
        filter.userID = userID
        if userID == nil { filter.channelID = text("channel_id").flatMap { Int64($0) } ?? 0 }
        filter.taskID = text(kind == "mj" ? "mj_id" : "task_id")
        if kind == "task" {
            filter.platform = text("platform")
            filter.status = text("status")
            filter.action = text("action")
        }
        filter.start = text("start_timestamp").flatMap { Int64($0) } ?? 0
        filter.end = text("end_timestamp").flatMap { Int64($0) } ?? 0
        let paging = PageQuery(request)
        let page = try await tasks.list(filter, offset: paging.offset, limit: paging.pageSize)
        if kind == "mj" {
            let settings = try await options.values(["MjForwardUrlEnabled", "ServerAddress"])
            let forward = settings["MjForwardUrlEnabled"] == "true"
            let server = settings["ServerAddress"] ?? ""
            return Envelope.success(
                Page(
                    page: paging.page, pageSize: paging.pageSize, total: page.total,
                    items: page.items.map { item in
                        var state = item.state
                        if forward { state.resultURL = server + "/mj/image/" + state.taskID }
                        return MidjourneyJSON(state: state)
                    }))
        }
        return Envelope.success(
            Page(
                page: paging.page, pageSize: paging.pageSize, total: page.total,
                items: page.items.map { TaskJSON(item: $0, admin: userID == nil) }))
    }
}
