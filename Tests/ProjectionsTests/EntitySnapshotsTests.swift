import Foundation
import GRDB
import Ledger
import Testing

@testable import Projections

/// Entity snapshots at the projection level: the row blob keeps every storage class exactly and
/// refuses a damaged one; a run of usage events is cut at each snapshot, so each snapshot holds
/// the user's row right after its seq.
@Suite struct EntitySnapshotsTests {
    @Test func rowsRoundTripEveryStorageClassAndADamagedBlobIsRefused() throws {
        let queue = try DatabaseQueue()
        let row = try #require(
            try queue.read { db in
                try Row.fetchOne(
                    db, sql: #"SELECT NULL AS a, -5 AS b, 0.1 AS c, 'x"y' AS "g""q", x'00ff' AS e, '' AS f"#)
            })
        let blob = SnapshotRows.encode([[row], []])
        let decoded = try SnapshotRows.decode(blob, tables: 2)
        #expect(decoded.count == 2 && decoded[1].isEmpty && decoded[0].count == 1)
        let columns = decoded[0][0]
        #expect(columns.map(\.0) == ["a", "b", "c", #"g"q"#, "e", "f"])
        #expect(columns.map(\.1) == Array(row.databaseValues))
        #expect(throws: ProjectionError.corruptSnapshot) { try SnapshotRows.decode(blob.dropLast(), tables: 2) }
        #expect(throws: ProjectionError.corruptSnapshot) { try SnapshotRows.decode(blob + [0], tables: 2) }
    }

    @Test func aRunOfUsageIsCutAtEachSnapshot() async throws {
        let models = try ReadModels.inMemory()
        try models.setSnapshotInterval(3)
        var user = Oneledger_V1_UserRegistered()
        user.userID = 7
        user.username = "heavy"
        user.status = 1
        user.group = "default"
        user.quota = 1_000
        user.createdAt = 1_700_000_000
        var events = [
            RecordedEvent(seq: 1, time: 0, actorID: 0, requestID: "", clientIP: "", event: .userRegistered(user))
        ]
        for seq in 2...11 {
            var usage = Oneledger_V1_UsageRecorded()
            usage.userID = 7
            usage.quota = Int64(seq)
            usage.createdAt = 1_700_000_000
            usage.requestID = "r\(seq)"
            events.append(
                RecordedEvent(
                    seq: UInt64(seq), time: 0, actorID: 0, requestID: "", clientIP: "", event: .usageRecorded(usage)))
        }
        // One call, as a usage batch is applied: seqs 2...11 are one run of counter events.
        let batch = events
        try await models.writer.write { db in try ReadModels.apply(batch, db) }
        let snapshots = try await models.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, rows FROM entity_snapshots WHERE kind = 1 ORDER BY seq").map {
                (UInt64($0["seq"] as Int64), $0["rows"] as Data)
            }
        }
        #expect(snapshots.map(\.0) == [3, 6, 9])
        for (seq, rows) in snapshots {
            let columns = try SnapshotRows.decode(rows, tables: 1)[0][0]
            let quota = columns.first { $0.0 == "quota" }.map { Int64.fromDatabaseValue($0.1) } ?? nil
            // 1,000 less the usage of seqs 2...seq.
            #expect(quota == 1_000 - (2...Int64(seq)).reduce(0, +), "snapshot at \(seq)")
        }
        let counter = try await models.reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT events FROM entity_snapshot_counters WHERE kind = 1 AND id = 7")
        }
        #expect(counter == 2)
    }
}
