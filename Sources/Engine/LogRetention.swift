public import Ledger
public import Logging
public import Projections
public import ServiceLifecycle

/// Keeps the log read model for `LogRetentionDays` days (the option; missing or 0 keeps it
/// forever): on a schedule it runs `PruneLogs` through the writer for the rows older than the
/// window, so the pruning is a `LogsPruned` event like an admin's `DELETE /api/log/`. The
/// ledger keeps every event; balances and statistics are untouched; a replay with
/// `--ignore-pruning` brings the rows back.
public struct LogRetention: Service {
    /// The option that sets the window, in whole days.
    public static let optionKey = "LogRetentionDays"
    /// Who the pruning is recorded as: the server itself.
    static let system = Operator(id: 0, username: "system", role: Role.root, authMethod: "retention")

    let writer: LedgerWriter
    let options: OptionQueries
    let logs: LogQueries
    let clock: @Sendable () -> Int64
    let pollInterval: Duration
    let logger: Logger

    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await pruneIfDue()
            } catch is CancellationError {
                return
            } catch EngineError.stopped {
                return
            } catch {
                logger.error("log retention failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { [pollInterval] in try await Task.sleep(for: pollInterval) }
        }
    }

    /// The days the option asks for (0: keep forever; anything that is not a whole number of
    /// days is 0).
    func days() async throws -> Int64 {
        guard let text = try await options.value(Self.optionKey), let days = Int64(text), days > 0 else { return 0 }
        return min(days, 1_000_000)
    }

    /// Prunes the rows older than the window when there are any; returns how many went.
    @discardableResult
    func pruneIfDue() async throws -> Int64 {
        let days = try await days()
        guard days > 0 else { return 0 }
        let now = clock()
        let target = now / 1000 - days * 86_400
        guard try await logs.count(before: target) > 0 else { return 0 }
        let events = try await writer.execute(
            PruneLogs(targetTimestamp: target, operator: Self.system),
            context: CommandContext(requestID: "log-retention", now: now))
        guard case .logsPruned(let pruned)? = events.first?.event else { return 0 }
        logger.info(
            "log retention pruned the log read model",
            metadata: ["logs.before": "\(target)", "logs.deleted": "\(pruned.deleted)", "logs.days": "\(days)"])
        return pruned.deleted
    }
}
