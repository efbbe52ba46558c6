import GRDB

extension ReadModels {
    /// Every row of every read-model table as text, in primary-key order: two databases that
    /// folded the same events dump the same lines (used by rebuild checks).
    public func dump() async throws -> [String] {
        try await reader.read { db in
            var lines: [String] = []
            for projection in AllProjections.list {
                for table in projection.tables {
                    for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1") {
                        lines.append("\(table) \(row.description)")
                    }
                }
            }
            return lines
        }
    }
}
