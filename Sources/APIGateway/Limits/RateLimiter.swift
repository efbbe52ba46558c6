import Hummingbird
import Projections
import Synchronization

/// A sliding log of the last N request times per key (docs/api.md, Rate limits), in memory.
final class RateLimiter: Sendable {
    let limit: RateLimitConfiguration.Limit
    let clock: WallClock
    private let logs = Mutex<[String: [Double]]>([:])

    init(_ limit: RateLimitConfiguration.Limit, clock: WallClock) {
        self.limit = limit
        self.clock = clock
    }

    /// Records a request under `key`; false when the key already made `requests` within the window.
    func allow(_ key: String) -> Bool {
        guard limit.enabled else { return true }
        let now = Double(clock.milliseconds) / 1000
        let window = Double(limit.duration)
        return logs.withLock { logs in
            var times = logs[key, default: []]
            if times.count >= limit.requests, let oldest = times.first, now - oldest < window {
                return false
            }
            times.append(now)
            if times.count > limit.requests { times.removeFirst(times.count - limit.requests) }
            logs[key] = times
            if logs.count > 100_000 { logs = logs.filter { now - ($0.value.last ?? 0) < window } }
            return true
        }
    }
}

/// Answers 429 with an empty body when the request's bucket of `limiter` is full. Buckets are
/// per client IP, or per signed-in user for the search limiter (which must sit behind auth).
struct RateLimit: RouterMiddleware {
    typealias Context = GatewayContext
    /// What a bucket belongs to.
    enum Scope: Sendable { case clientIP, user }

    let limiter: RateLimiter
    /// The limiter's mark (`GA`, `GW`, `CT`, `SR`): buckets of different limiters never mix.
    let mark: String
    var scope: Scope = .clientIP

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard limiter.limit.enabled else { return try await next(request, context) }
        let key =
            switch scope {
            case .clientIP: context.clientIP
            case .user: context.caller.map { "user:\($0.id)" } ?? context.clientIP
            }
        guard limiter.allow(mark + key) else { throw APIError.tooManyRequests }
        return try await next(request, context)
    }
}
