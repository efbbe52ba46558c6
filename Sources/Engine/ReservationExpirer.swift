public import Ledger
public import Logging
public import Projections
public import ServiceLifecycle

/// Returns holds nobody closed within their TTL: it runs `ExpireReservations` through the
/// writer at start (holds that expired while the server was down) and whenever the earliest
/// open hold's `expires_at` passes, by the injected clock. It sleeps until then, at most
/// `pollInterval`, so a newer, earlier hold or a clock a test moved is seen soon.
public struct ReservationExpirer: Service {
    let writer: LedgerWriter
    let reservations: ReservationQueries
    let clock: @Sendable () -> Int64
    let pollInterval: Duration
    let logger: Logger

    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                var wait = pollInterval
                if let next = try await reservations.nextExpiry() {
                    let untilDue = next * 1000 - clock()
                    // Nothing expired although one was due: the clock moved back; wait as usual.
                    if untilDue <= 0, try await expireDue() > 0 { continue }
                    wait = untilDue <= 0 ? wait : min(wait, .milliseconds(untilDue))
                }
                let pause = wait
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch is CancellationError {
                return
            } catch EngineError.stopped {
                return
            } catch {
                logger.error("expiring reservations failed", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
            }
        }
    }

    /// Expires every due hold, a thousand per command; returns how many.
    @discardableResult
    func expireDue() async throws -> Int {
        var total = 0
        while true {
            let now = clock()
            let context = CommandContext(requestID: "reservation-expiry", now: now)
            let events = try await writer.execute(ExpireReservations(now: now / 1000), context: context)
            if !events.isEmpty {
                logger.debug("reservations expired", metadata: ["reservations.count": "\(events.count)"])
            }
            total += events.count
            if events.count < 1_000 { return total }
        }
    }
}
