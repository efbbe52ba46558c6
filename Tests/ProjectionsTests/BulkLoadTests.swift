import Foundation
import GRDB
import Testing

@testable import Projections

/// A bulk load leaves the same rows and schema as writing row by row: `logs` indexes come back
/// as they were, and request ids sorted in keep the first seq of a repeated key, as
/// `INSERT OR IGNORE` row by row would.
@Suite struct BulkLoadTests {
    func indexes(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'logs' ORDER BY name")
    }

    @Test func rowsFirstThenIndexesAndKeysInOrder() async throws {
        let models = try ReadModels.inMemory()
        try await models.writer.write { db in
            let before = try indexes(db)
            #expect(before.count == 6)
            let load = try BulkLoad.begin(db, rebuilding: nil)
            #expect(try indexes(db).isEmpty)

            let insert = "INSERT OR IGNORE INTO usage_requests (key, seq) VALUES (?, ?)"
            for (key, seq) in [("b", 3), ("a", 5), ("c", 4), ("a", 9)] as [(String, Int64)] {
                try db.executeCached(sql: insert, binding: Data(key.utf8), seq)
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM main.usage_requests") == 0)
            try db.execute(sql: "INSERT INTO logs (id, user_id, created_at, type) VALUES (8, 1, 100, 2)")

            try load.finish(db)
            #expect(try indexes(db) == before)
            let rows = try Row.fetchAll(db, sql: "SELECT key, seq FROM usage_requests").map {
                (String(decoding: $0["key"] as Data, as: UTF8.self), $0["seq"] as Int64)
            }
            #expect(rows.map(\.0) == ["a", "b", "c"] && rows.map(\.1) == [5, 3, 4])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_temp_master WHERE type = 'table'") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM logs WHERE user_id = 1") == 1)
        }
    }

    @Test func onlyTheProjectionsBeingRebuiltAreLoadedSo() async throws {
        let models = try ReadModels.inMemory()
        try await models.writer.write { db in
            let load = try BulkLoad.begin(db, rebuilding: [UsersProjection.name])
            #expect(try indexes(db).count == 6)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_temp_master") == 0)
            try load.finish(db)
            #expect(try indexes(db).count == 6)
        }
    }
}
