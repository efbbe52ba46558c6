import Engine
import Hummingbird
import Projections

/// docs/api.md: the dashboard's usage statistics, hourly buckets kept in the projection
/// transaction. Beyond the reference: `token_id`, `channel` and `group` filters and
/// `granularity=hour|day`. `data` is always an array.
struct DataRoutes: Sendable {
    let statistics: StatisticsQueries

    /// The longest range `/api/data/self` answers (30 days).
    static let selfSpan: Int64 = 2_592_000

    func register(user: some RouterMethods<SignedInContext>, admin: some RouterMethods<SignedInContext>) {
        admin.get("data", use: all)
        admin.get("data/users", use: users)
        user.get("data/self", use: mine)
    }

    /// Per model, or per user and model with `username` (exact).
    @Sendable func all(_ request: Request, context: SignedInContext) async throws -> Response {
        var filter = Self.filter(request)
        if let username = request.uri.queryParameters["username"].map(String.init), !username.isEmpty {
            filter.userIDs = try await statistics.userIDs(username: username)
        }
        return try await answer(filter)
    }

    @Sendable func mine(_ request: Request, context: SignedInContext) async throws -> Response {
        var filter = Self.filter(request)
        if filter.end - filter.start > Self.selfSpan { throw APIError.refused("时间跨度不能超过 1 个月") }
        filter.userIDs = [context.caller.id]
        return try await answer(filter)
    }

    @Sendable func users(_ request: Request, context: SignedInContext) async throws -> Response {
        let filter = Self.filter(request)
        let buckets = try await statistics.users(start: filter.start, end: filter.end, daily: filter.daily)
        return Envelope.success(buckets.map(QuotaDataJSON.init))
    }

    // MARK: - Helpers

    private func answer(_ filter: StatisticsQueries.Filter) async throws -> Response {
        Envelope.success(try await statistics.buckets(filter).map(QuotaDataJSON.init))
    }

    /// The range (missing = 0, so no range answers empty, as in the reference) and the filters.
    static func filter(_ request: Request) -> StatisticsQueries.Filter {
        let query = request.uri.queryParameters
        func number(_ key: String) -> Int64 { query[Substring(key)].flatMap { Int64(String($0)) } ?? 0 }
        var filter = StatisticsQueries.Filter()
        filter.start = number("start_timestamp")
        filter.end = number("end_timestamp")
        filter.tokenID = number("token_id")
        filter.channelID = number("channel")
        if let group = query["group"].map(String.init), !group.isEmpty { filter.group = group }
        filter.daily = query["granularity"] == "day"
        return filter
    }
}
