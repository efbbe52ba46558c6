import GRDB

/// Totals of the log rows a filter matches — count, quota and tokens — without counting
/// millions of rows: the hours a range covers whole come from `log_rollups`, and only the
/// partial hours at its ends (and filters the rollups do not cover: two dimensions, a request
/// id, a keyword) are counted from the rows, through the index of the filter.
enum LogTotals {
    struct Sums: Equatable {
        var count: Int64 = 0
        var quota: Int64 = 0
        var tokens: Int64 = 0

        static func + (a: Sums, b: Sums) -> Sums {
            Sums(count: a.count + b.count, quota: a.quota + b.quota, tokens: a.tokens + b.tokens)
        }
    }

    /// - Parameter countOnly: only `count` is wanted, so partial hours are counted from the
    ///   filter's index alone, without reading the rows.
    static func sums(_ filter: ResolvedLogFilter, _ db: Database, countOnly: Bool = false) throws -> Sums {
        if filter.matchesNothing { return Sums() }
        func rows(_ filter: ResolvedLogFilter, _ db: Database, range: ResolvedLogFilter.TimeRange? = nil) throws
            -> Sums
        {
            try Self.rows(filter, db, range: range, countOnly: countOnly)
        }
        guard let (dim, values) = filter.dimension else { return try rows(filter, db) }
        let lower = max(filter.start > 0 ? filter.start : .min, try LogsProjection.prunedBefore(db))
        let upper = filter.end > 0 ? filter.end : .max
        if lower > upper { return Sums() }
        // Hours from the rollups; an unfiltered total also takes whole minutes from theirs.
        var levels: [(dim: LogDimension, seconds: Int64)] = [(dim, 3600)]
        if dim == .all { levels.append((.allByMinute, 60)) }
        /// [from, to), `.min` and `.max` meaning unbounded: whole units of the first level
        /// from its rollups, the ends from the next level, the last ends from the rows.
        func span(_ from: Int64, _ to: Int64, _ levels: ArraySlice<(dim: LogDimension, seconds: Int64)>) throws
            -> Sums
        {
            guard let level = levels.first else {
                return try rows(
                    filter, db,
                    range: .init(
                        lower: from == .min ? nil : from, upper: to == .max ? nil : to, upperInclusive: false))
            }
            let first = from == .min ? from : floor(from + level.seconds - 1, level.seconds)
            let end = to == .max ? to : floor(to, level.seconds)
            if first >= end { return try span(from, to, levels.dropFirst()) }
            var total = try rollups(filter, dim: level.dim, values: values, from: first, to: end, db)
            if from < first { total = total + (try span(from, first, levels.dropFirst())) }
            if end < to { total = total + (try span(end, to, levels.dropFirst())) }
            return total
        }
        return try span(lower, upper == .max ? .max : upper + 1, levels[...])
    }

    static func floor(_ t: Int64, _ unit: Int64) -> Int64 { t - ((t % unit) + unit) % unit }

    private static func rollups(
        _ filter: ResolvedLogFilter, dim: LogDimension, values: [Int64], from: Int64, to: Int64, _ db: Database
    ) throws -> Sums {
        var sql = """
            SELECT COALESCE(SUM(count), 0), COALESCE(SUM(quota), 0), COALESCE(SUM(tokens), 0) FROM log_rollups
            WHERE dim = ? AND value IN (\(Array(repeating: "?", count: values.count).joined(separator: ",")))
            AND hour >= ? AND hour < ?
            """
        var arguments: StatementArguments = [dim.rawValue]
        arguments += StatementArguments(values)
        arguments += [from, to]
        if filter.type != 0 {
            sql += " AND type = ?"
            arguments += [filter.type]
        }
        let row = try Row.fetchOne(db, sql: sql, arguments: arguments)
        return Sums(count: row?[0] ?? 0, quota: row?[1] ?? 0, tokens: row?[2] ?? 0)
    }

    /// Counts the matching rows themselves (within `range`, a part of the filter's, when given).
    static func rows(
        _ filter: ResolvedLogFilter, _ db: Database, range: ResolvedLogFilter.TimeRange? = nil, countOnly: Bool = false
    ) throws -> Sums {
        if filter.matchesNothing { return Sums() }
        let (whereSQL, arguments) = filter.condition(range: range)
        let sums = countOnly ? "0, 0" : "COALESCE(SUM(quota), 0), COALESCE(SUM(prompt_tokens + completion_tokens), 0)"
        let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), \(sums) FROM logs \(whereSQL)", arguments: arguments)
        return Sums(count: row?[0] ?? 0, quota: row?[1] ?? 0, tokens: row?[2] ?? 0)
    }
}
