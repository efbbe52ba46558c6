import Foundation
import Hummingbird
import Synchronization
import Projections

/// A sliding log of the last N request times per key (users-auth-options.md §3), in memory.
final class RateLimiter: Sendable {
    let limit: RateLimitConfiguration.Limit
    private let logs = Mutex<[String: [Double]]>([:])

    init(_ limit: RateLimitConfiguration.Limit) {
        self.limit = limit
    }

    /// Records a request under `key`; false when the key already made `requests` within the window.
    func allow(_ key: String, now: Double = Date().timeIntervalSince1970) -> Bool {
        guard limit.enabled else { return true }
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

/// Answers 429 with an empty body when the client IP's bucket of `limiter` is full.
struct RateLimit: RouterMiddleware {
    typealias Context = GatewayContext
    let limiter: RateLimiter
    let mark: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard limiter.allow(mark + context.clientIP) else { throw APIError.tooManyRequests }
        return try await next(request, context)
    }
}
