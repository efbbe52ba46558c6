public import GRDB
public import Ledger

/// A read model folded from the ledger: its tables, the version of its fold logic, and
/// `apply`, which must be deterministic — everything it writes comes from the event (ids,
/// times, actor), never from the clock, a random generator or SQLite's AUTOINCREMENT.
protocol Projection {
    /// The name under which the version is stored (`projection_meta.name`).
    static var name: String { get }
    /// Bumped whenever the fold logic changes; a mismatch rebuilds the read model on start.
    static var version: Int { get }
    /// The tables it owns, emptied (not dropped) before a rebuild.
    static var tables: [String] { get }
    /// Other projections whose tables its fold reads; it is rebuilt together with them
    /// (`ReadModels.withDependencies`). Empty for most.
    static var reads: [String] { get }
    static func registerMigrations(_ migrator: inout DatabaseMigrator)
    static func apply(_ event: RecordedEvent, _ db: Database) throws
    /// Applies a run of events (`LedgerEvent.foldsInRuns`) in order, so a
    /// projection may fold the run's deltas and write each row once; the default applies them
    /// one by one.
    static func apply(run: CounterRun, _ db: Database) throws
}

extension Projection {
    static var reads: [String] { [] }

    static func apply(run: CounterRun, _ db: Database) throws {
        for event in run.events { try apply(event, db) }
    }
}

/// The projections in the order they apply each event.
enum AllProjections {
    nonisolated(unsafe) static let list: [any Projection.Type] = [
        UsersProjection.self, OptionsProjection.self, StringsProjection.self, LogsProjection.self,
        StatisticsProjection.self, TokensProjection.self, RedemptionsProjection.self, ChannelsProjection.self,
        TasksProjection.self, UsageRequestsProjection.self, ReservationsProjection.self, EntityEventsProjection.self,
        TopUpsProjection.self,
        // Last: it reads the rows the projections above left after each event.
        EntitySnapshotsProjection.self,
    ]

    /// Every projection but `entity_snapshots`, which `ReadModels.apply` calls after them itself.
    nonisolated(unsafe) static let entities: [any Projection.Type] = list.filter {
        ObjectIdentifier($0) != ObjectIdentifier(EntitySnapshotsProjection.self)
    }
}
