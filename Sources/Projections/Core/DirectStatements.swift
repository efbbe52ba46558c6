import GRDB
import GRDBSQLite

/// The fold's hot statements run with their values bound straight into SQLite's prepared
/// statement: no `StatementArguments` array, no boxing into `DatabaseValue`, one bind call
/// per value. A usage event runs a dozen of them, so GRDB's per-call bookkeeping was a
/// fifth of the fold. Only for writes inside the writer's own transaction (nothing here
/// observes them through GRDB).
extension Database {
    /// Runs the cached statement `sql` once with `values` bound in order.
    func executeCached<each Value: StatementBinding>(sql: String, binding values: repeat each Value) throws {
        try cachedStatement(sql: sql).run(binding: repeat each values)
    }

    /// The first column of the first row of the cached query `sql` (nil: no row, or NULL).
    func fetchInt64<each Value: StatementBinding>(cachedSQL sql: String, binding values: repeat each Value) throws
        -> Int64?
    {
        try cachedStatement(sql: sql).fetchInt64(binding: repeat each values)
    }
}

extension Statement {
    /// Binds `values` to the statement's parameters, in order.
    private func bind<each Value: StatementBinding>(_ values: repeat each Value) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        var index: CInt = 0
        for value in repeat each values {
            index += 1
            let code = value.bind(to: handle, at: index)
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    /// Runs the statement once with `values` bound, and leaves it reset.
    func run<each Value: StatementBinding>(binding values: repeat each Value) throws {
        try bind(repeat each values)
        let code = sqlite3_step(sqliteStatement)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw failure(code) }
        sqlite3_reset(sqliteStatement)
    }

    /// The first column of the first row with `values` bound (nil: no row, or NULL).
    func fetchInt64<each Value: StatementBinding>(binding values: repeat each Value) throws -> Int64? {
        try bind(repeat each values)
        defer { sqlite3_reset(sqliteStatement) }
        switch sqlite3_step(sqliteStatement) {
        case SQLITE_ROW:
            return sqlite3_column_type(sqliteStatement, 0) == SQLITE_NULL
                ? nil : sqlite3_column_int64(sqliteStatement, 0)
        case SQLITE_DONE: return nil
        case let code: throw failure(code)
        }
    }

    /// The error SQLite reports for `code`, read before the statement is reset.
    private func failure(_ code: CInt) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement)))
        sqlite3_reset(sqliteStatement)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}
