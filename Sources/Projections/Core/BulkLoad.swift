import GRDB

/// How a replay loads rows into an empty scratch file the way bulk loaders do: rows first,
/// order later. Two kinds of tables are loaded differently while the fold runs:
///
/// - `logs` loses its secondary indexes, and the fold appends rows in id order; the indexes
///   are built once at the end, each by one sort (about 1.5 × cheaper per row than keeping
///   six indexes current, and more at ten million rows, where they no longer fit the cache).
/// - `usage_requests`, keyed by a hash of the request id, receives its rows in a same-named
///   TEMP table without a key (SQLite resolves an unqualified name to TEMP before MAIN), and
///   they are copied in key order at the end: appends to the B-tree instead of one random
///   insert per event (ten times cheaper per row).
///
/// Only for tables nothing in the fold reads back by those indexes or keys (the fold reads
/// `logs` by id only, and `usage_requests` not at all; a prune scans `logs` without its
/// index, which is correct, only slower).
public struct BulkLoad: Sendable {
    /// The tables whose secondary indexes wait, and their projection.
    static let indexedLater = [(projection: LogsProjection.name, table: "logs")]
    /// The tables that are sorted in at the end, their projection and their key.
    static let sortedLater = [(projection: UsageRequestsProjection.name, table: "usage_requests", key: "key")]

    /// The `CREATE INDEX` statements to run at the end.
    let indexes: [String]
    /// The tables shadowed in TEMP, with the order their rows go in.
    let shadowed: [(table: String, key: String)]

    /// Prepares the tables of the projections being rebuilt (`nil`: all), which must be empty.
    static func begin(_ db: Database, rebuilding names: Set<String>?) throws -> BulkLoad {
        var indexes: [String] = []
        for (projection, table) in indexedLater where names?.contains(projection) ?? true {
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                arguments: [table])
            for row in rows {
                indexes.append(row["sql"])
                try db.execute(sql: "DROP INDEX \"\(row["name"] as String)\"")
            }
        }
        var shadowed: [(String, String)] = []
        for (projection, table, key) in sortedLater where names?.contains(projection) ?? true {
            try db.execute(sql: "CREATE TEMP TABLE \(table) AS SELECT * FROM main.\(table) WHERE 0")
            shadowed.append((table, key))
        }
        return BulkLoad(indexes: indexes, shadowed: shadowed)
    }

    /// Sorts the shadowed rows in (the first of equal keys wins, as `INSERT OR IGNORE` row by
    /// row would) and builds the indexes that waited.
    func finish(_ db: Database) throws {
        for (table, key) in shadowed {
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO main.\(table) SELECT * FROM temp.\(table) ORDER BY \(key), rowid;
                    DROP TABLE temp.\(table);
                    """)
        }
        for index in indexes { try db.execute(sql: index) }
    }
}

extension ReadModels {
    /// Starts a bulk load of the named projections (`nil`: all) into this scratch file.
    public func beginBulkLoad(rebuilding names: Set<String>?) throws -> BulkLoad {
        try writer.write { db in try BulkLoad.begin(db, rebuilding: names) }
    }

    /// Ends a bulk load: the rows in order and every index in place.
    public func finish(_ load: BulkLoad) throws {
        try writer.write { db in try load.finish(db) }
    }
}

extension ReadModels {
    /// The projections a full replay folds into a side file on the second core: the log and
    /// statistics models (and the strings they intern), which read nothing of the others but
    /// users' names (`sideLaneReads`, folded there too and then discarded).
    public static let sideLane: Set<String> = [StringsProjection.name, LogsProjection.name, StatisticsProjection.name]
    public static let sideLaneReads: Set<String> = [UsersProjection.name]

    /// Copies the tables of `projections` from the read models at `path` into these (where
    /// they are empty), in their stored order.
    public func copyTables(of projections: Set<String>, from path: String) throws {
        let tables = AllProjections.list.filter { projections.contains($0.name) }.flatMap { $0.tables }
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS side", arguments: [path])
            defer { try? db.execute(sql: "DETACH DATABASE side") }
            try db.inTransaction {
                for table in tables { try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM side.\(table)") }
                return .commit
            }
        }
    }
}
