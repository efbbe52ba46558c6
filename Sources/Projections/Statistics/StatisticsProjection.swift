import GRDB
import Ledger

/// Keeps the usage statistics, in the projection's own transaction (nothing buffered in
/// memory, nothing lost on restart), from `UsageRecorded`:
/// - `quota_data`: New API's hourly buckets per user and model (count, quota, token_used),
///   plus cache-read and cache-write tokens;
/// - `usage_buckets`: the finer hourly buckets that also carry token, channel and group;
/// - `usage_models`: hourly buckets per model over all users (the admin dashboard).
///
/// Pruning the log never touches them. Adding a dimension is a version bump, rebuilt (so
/// backfilled) from the ledger.
enum StatisticsProjection: Projection {
    static let name = "statistics"
    static let version = 1
    static let tables = ["quota_data", "usage_buckets", "usage_models"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("statistics.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE quota_data (
                        user_id INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        model_id INTEGER NOT NULL,
                        count INTEGER NOT NULL,
                        quota INTEGER NOT NULL,
                        token_used INTEGER NOT NULL,
                        cache_read_tokens INTEGER NOT NULL,
                        cache_write_tokens INTEGER NOT NULL,
                        PRIMARY KEY (user_id, created_at, model_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE usage_buckets (
                        user_id INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        token_id INTEGER NOT NULL,
                        model_id INTEGER NOT NULL,
                        channel_id INTEGER NOT NULL,
                        group_id INTEGER NOT NULL,
                        count INTEGER NOT NULL,
                        quota INTEGER NOT NULL,
                        token_used INTEGER NOT NULL,
                        cache_read_tokens INTEGER NOT NULL,
                        cache_write_tokens INTEGER NOT NULL,
                        PRIMARY KEY (user_id, created_at, token_id, model_id, channel_id, group_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE usage_models (
                        created_at INTEGER NOT NULL,
                        model_id INTEGER NOT NULL,
                        count INTEGER NOT NULL,
                        quota INTEGER NOT NULL,
                        token_used INTEGER NOT NULL,
                        cache_read_tokens INTEGER NOT NULL,
                        cache_write_tokens INTEGER NOT NULL,
                        PRIMARY KEY (created_at, model_id)
                    ) WITHOUT ROWID;
                    """)
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        switch recorded.event {
        case .usageRecorded: try apply(run: CounterRun([recorded][...]), db)
        case .quotaDataImported(let e): try applyImport(e, db)
        default: break
        }
    }

    /// A run of counter events: every bucket the run's usages touch written once.
    static func apply(run: CounterRun, _ db: Database) throws {
        guard !run.usages.isEmpty else { return }
        var buckets = StatisticsBuckets()
        for (_, usage) in run.usages {
            try buckets.add(usage, run, db)
        }
        try buckets.write(db)
    }
}
