import EventStore
import Foundation
// Engine: the one door to storage — it opens the ledger and the read models, catches them up,
// runs commands through the one serial writer (decide, append as one group commit, apply,
// answer) and answers for the ledger: head, commit statistics, health, verify.
public import Ledger
public import Logging
import NIOPosix
public import Projections
public import ServiceLifecycle

/// The storage the gateway and the command line reach, and nothing else: the read-model
/// queries, the writer that runs commands, and what the ledger reports about itself.
///
/// `open` recovers the ledger and catches the read models up before it returns; run
/// `services` in a `ServiceGroup` (the writer's commit loop, then closing the ledger) or call
/// `close()` when no service ever ran.
public struct Engine: Sendable {
    let store: EventStore
    let readModels: ReadModels
    /// The one serial writer (`Service`: its `run()` is the commit loop).
    public let writer: LedgerWriter
    public let users: UserQueries
    public let options: OptionQueries
    public let logs: LogQueries
    public let tokens: TokenQueries
    public let redemptions: RedemptionQueries
    public let channels: ChannelQueries
    public let statistics: StatisticsQueries
    public let tasks: TaskQueries
    public let reservations: ReservationQueries
    /// Returns expired holds (`Service`, runs after the writer starts and stops before it).
    let expirer: ReservationExpirer
    /// Prunes the log read model past `LogRetentionDays` (`Service`, like the expirer).
    let retention: LogRetention

    /// Opens (and recovers) `DIR/ledger` and `DIR/readmodels.sqlite`, then applies what the
    /// ledger holds beyond the read models' checkpoint.
    public static func open(_ configuration: EngineConfiguration, logger: Logger) async throws -> Engine {
        let ledger = ledgerDirectory(in: configuration.dataDirectory)
        try FileManager.default.createDirectory(atPath: ledger, withIntermediateDirectories: true)
        let store = try EventStore(directory: ledger, configuration: configuration.storeConfiguration, logger: logger)
        do {
            let readModels = try ReadModels.open(path: configuration.dataDirectory + "/readmodels.sqlite")
            if let interval = configuration.snapshotInterval { try readModels.setSnapshotInterval(interval) }
            // Catch-up reads files and writes SQLite: keep it off the cooperative pool.
            try await NIOThreadPool.singleton.runIfActive {
                try CatchUp.run(store: store, readModels: readModels, logger: logger)
            }
            return Engine(store: store, readModels: readModels, configuration: configuration, logger: logger)
        } catch {
            store.close()
            throw error
        }
    }

    init(store: EventStore, readModels: ReadModels, configuration: EngineConfiguration, logger: Logger) {
        self.store = store
        self.readModels = readModels
        writer = LedgerWriter(store: store, readModels: readModels, logger: logger)
        reservations = ReservationQueries(reader: readModels.reader)
        expirer = ReservationExpirer(
            writer: writer, reservations: reservations, clock: configuration.clock,
            pollInterval: configuration.expiryPollInterval, logger: logger)
        let reader = readModels.reader
        retention = LogRetention(
            writer: writer, options: OptionQueries(reader: reader), logs: LogQueries(reader: reader),
            clock: configuration.clock, pollInterval: configuration.retentionPollInterval, logger: logger)
        users = UserQueries(reader: reader)
        options = OptionQueries(reader: reader)
        logs = LogQueries(reader: reader)
        tokens = TokenQueries(reader: reader)
        redemptions = RedemptionQueries(reader: reader)
        channels = ChannelQueries(reader: reader)
        statistics = StatisticsQueries(reader: reader)
        tasks = TaskQueries(reader: reader)
    }

    /// Where the ledger of a data folder lives (docs/design.md, "Files on disk").
    public static func ledgerDirectory(in dataDirectory: String) -> String { dataDirectory + "/ledger" }

    /// Runs `command` in the writer's next batch: its events once durable and applied, or its
    /// `LedgerError`, or an `EngineError` when the batch failed.
    @discardableResult
    public func execute(_ command: some Command, context: CommandContext) async throws -> [RecordedEvent] {
        try await writer.execute(command, context: context)
    }

    /// Changes whenever a batch commits (read caches key on it).
    public var generation: UInt64 { writer.generation }

    /// The services to run, in start order: shutdown stops the retention and expiry services, then the writer
    /// (it drains its queue), then closes the ledger.
    public var services: [any Service] { [LedgerCloser(store: store), writer, expirer, retention] }

    /// Closes the ledger; for an engine whose `services` never ran.
    public func close() { store.close() }
}

/// Closes the ledger after everything listed after it (the writer) has stopped.
struct LedgerCloser: Service {
    let store: EventStore

    func run() async throws {
        try? await gracefulShutdown()
        store.close()
    }
}
