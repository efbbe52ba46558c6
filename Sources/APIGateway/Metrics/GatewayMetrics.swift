import Engine
import Foundation
import Hummingbird
import Prometheus
import Synchronization

/// The server's Prometheus metrics, kept in a registry owned by this application (not the
/// process-wide MetricsSystem, so that tests can run several servers in one process):
/// requests and latencies by route, commands per batch, fsync times, ledger size.
final class GatewayMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let fsync: DurationHistogram
    private let frames: Counter
    private let events: Counter
    private let bytes: Counter
    private let head: Gauge
    private let batches: Gauge
    private let commands: Gauge

    init() {
        fsync = registry.makeDurationHistogram(
            descriptor: Self.metric("oneledger_fsync_duration_seconds", "fdatasync time of each committed frame"),
            buckets: [
                .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .seconds(1),
            ])
        frames = registry.makeCounter(descriptor: Self.metric("oneledger_frames_total", "frames committed"))
        events = registry.makeCounter(descriptor: Self.metric("oneledger_events_total", "events committed"))
        bytes = registry.makeCounter(
            descriptor: Self.metric("oneledger_ledger_bytes_total", "compressed bytes appended"))
        head = registry.makeGauge(
            descriptor: Self.metric("oneledger_ledger_head_seq", "last committed sequence number"))
        batches = registry.makeGauge(descriptor: Self.metric("oneledger_writer_batches", "write batches since start"))
        commands = registry.makeGauge(descriptor: Self.metric("oneledger_writer_commands", "commands since start"))
    }

    /// A metric's full name (no separate unit part) and its help line.
    static func metric(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// Handles by route, method and status, so a request costs one dictionary lookup.
    private let handles = Mutex<[String: (Counter, DurationHistogram)]>([:])

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let key = route + " " + method + " " + String(status)
        let (counter, histogram) = handles.withLock { handles in
            if let found = handles[key] { return found }
            let made = (
                registry.makeCounter(
                    descriptor: Self.metric("http_requests_total", "requests by route, method and status"),
                    labels: [("route", route), ("method", method), ("status", String(status))]),
                registry.makeDurationHistogram(
                    descriptor: Self.metric("http_request_duration_seconds", "request latency by route"),
                    labels: [("route", route), ("method", method)],
                    buckets: [
                        .microseconds(250), .milliseconds(1), .milliseconds(5), .milliseconds(10),
                        .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5),
                    ])
            )
            handles[key] = made
            return made
        }
        counter.increment()
        histogram.record(duration)
    }

    /// Folds what the store and the writer counted since the last scrape, then renders.
    func scrape(_ engine: Engine) -> [UInt8] {
        let statistics = engine.takeCommitStatistics()
        for nanos in statistics.syncNanos { fsync.record(.nanoseconds(nanos)) }
        frames.increment(by: Int64(statistics.frames))
        events.increment(by: Int64(statistics.events))
        bytes.increment(by: Int64(statistics.bytes))
        head.set(Double(engine.head.seq))
        batches.set(Double(statistics.batches))
        commands.set(Double(statistics.commands))
        return registry.emitToBuffer()
    }
}

/// Counts every request and its latency under the route that matched.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let metrics: GatewayMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.recordRequest(
            route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: response.status.code,
            duration: ContinuousClock.now - start)
        return response
    }
}
