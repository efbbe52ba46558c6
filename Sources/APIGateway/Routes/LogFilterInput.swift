import Hummingbird
import Projections

/// Reads the log routes' query into a `LogFilter` the way New API reads it: every parameter
/// may be missing or empty ("no filter"), numbers that do not parse (`NaN`, `channel=`) are 0,
/// and `username` / `model_name` follow the token-search `%` rules.
enum LogFilterInput {
    /// - Parameters:
    ///   - selfOf: the caller's id on the `/self` routes, which ignore `username` and `channel`.
    static func parse(_ request: Request, selfOf userID: Int64? = nil, keyword: Bool = false) throws -> LogFilter {
        let query = request.uri.queryParameters
        func text(_ key: String) -> String? {
            guard let value = query[Substring(key)].map(String.init), !value.isEmpty else { return nil }
            return value
        }
        func number(_ key: String) -> Int64 { text(key).flatMap { Int64($0) } ?? 0 }
        var filter = LogFilter()
        filter.type = Int32(clamping: number("type"))
        filter.start = number("start_timestamp")
        filter.end = number("end_timestamp")
        filter.tokenName = text("token_name")
        filter.modelName = try text("model_name").flatMap { try TokenNamePattern.parse($0) }
        filter.group = text("group")
        filter.requestID = text("request_id")
        filter.upstreamRequestID = text("upstream_request_id")
        if let userID {
            filter.userID = userID
        } else {
            filter.username = try text("username").flatMap { try TokenNamePattern.parse($0) }
            filter.channelID = number("channel")
        }
        if keyword { filter.keyword = text("keyword").map { String($0.prefix(100)) } }
        return filter
    }
}
