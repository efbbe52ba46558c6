import GRDB
import Projections

extension Engine {
    /// Bytes on disk per read-model table and index (SQLite's `dbstat`), largest first; empty
    /// when this SQLite lacks `dbstat`.
    public func readModelSizes() async throws -> [(name: String, bytes: Int64)] {
        try await readModels.reader.read { db in
            let rows =
                (try? Row.fetchAll(
                    db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC")) ?? []
            return rows.map { (name: $0["name"], bytes: $0["bytes"]) }
        }
    }
}
