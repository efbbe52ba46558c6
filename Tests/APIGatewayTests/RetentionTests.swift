import APIGateway
import Engine
import EventStore
import Foundation
import GRDB
import Projections
import Replay
import TestSupport
import Testing

/// `LogRetentionDays`: the writer's retention service prunes the log read model on its schedule
/// with a `LogsPruned` event; balances and statistics stay; a replay ignoring pruning restores
/// the rows, a plain replay keeps them pruned.
@Suite struct RetentionTests {
    static func total(_ reply: APIResponse) -> Int { reply.object["total"] as? Int ?? -1 }

    @Test func retentionPrunesOnScheduleAndAReplayIgnoringPruningRestoresTheRows() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let clock = TestClock()
        try await withRunningServer(
            dataDirectory: directory,
            configure: {
                $0.clock = clock.wallClock
                $0.retentionPollInterval = .milliseconds(20)
            }
        ) { api, fixtures in
            let root = try await fixtures.root()
            let (payer, token) = try await fixtures.billedUser("payer", quota: 100_000, root: root)
            let channel = try await fixtures.channel("relay", root: root)
            let now = clock.seconds
            let records = (0..<12).map { i in
                usageJSON(
                    "r\(i)", user: payer.userID, token: token, channel: channel, quota: 100,
                    createdAt: i < 8 ? now - 10 * 86_400 - Int64(i) : now - 60)
            }
            #expect(try await fixtures.ingest("/api/ledger/usage", "[" + records.joined(separator: ",") + "]").success)
            let consume = "/api/log/?type=2&p=1&page_size=100"
            #expect(Self.total(try await api.get(consume, as: root)) == 12)
            let user = try await fixtures.userCounters(payer.userID, root: root)
            let data = try await api.get("/api/data/?start_timestamp=0&end_timestamp=\(now + 3600)", as: root).text

            // Bad values are refused and append nothing.
            for bad in ["-1", "1.5", "ten", ""] {
                let reply = try await api.put(
                    "/api/option/", #"{"key":"LogRetentionDays","value":"\#(bad)"}"#, as: root)
                #expect(!reply.success, "\(bad): \(reply.text)")
            }
            #expect(try await api.put("/api/option/", #"{"key":"LogRetentionDays","value":"7"}"#, as: root).success)
            try await eventually { Self.total(try await api.get(consume, as: root)) == 4 }
            // Nothing more to prune: no second event while the clock stands still.
            try await Task.sleep(for: .milliseconds(100))
            #expect(try LedgerReader.records(directory).filter { $0.type == "LogsPruned" }.count == 1)
            #expect(try await fixtures.userCounters(payer.userID, root: root) == user)
            #expect(
                try await api.get("/api/data/?start_timestamp=0&end_timestamp=\(now + 3600)", as: root).text == data)

            // The clock moves past the newer rows too: the next round prunes them.
            clock.advance(seconds: 8 * 86_400)
            try await eventually { Self.total(try await api.get(consume, as: root)) == 0 }
            #expect(try LedgerReader.records(directory).filter { $0.type == "LogsPruned" }.count == 2)
            #expect(try await fixtures.userCounters(payer.userID, root: root) == user)
        }
        let pruned = try LedgerReader.records(directory).filter { $0.type == "LogsPruned" }
        #expect(pruned.allSatisfy { $0.metadata.requestID == "log-retention" })

        func consumeRows(_ path: String) async throws -> Int {
            let models = try ReadModels.open(path: path)
            defer { try? models.close() }
            return try await models.reader.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM logs WHERE type = 2") ?? 0
            }
        }
        var keep = ReplayRebuild.Options(dataDirectory: directory)
        keep.outDirectory = directory + "/kept"
        try ReplayRebuild.run(keep)
        #expect(try await consumeRows(directory + "/kept/readmodels.sqlite") == 0)

        var restore = ReplayRebuild.Options(dataDirectory: directory)
        restore.ignorePruning = true
        try ReplayRebuild.run(restore)
        #expect(try await consumeRows(directory + "/readmodels.sqlite") == 12)
        // Balances are the same either way.
        let kept = try ReadModels.digests(
            path: directory + "/kept/readmodels.sqlite", tables: ["users", "tokens", "quota_data"])
        let restored = try ReadModels.digests(
            path: directory + "/readmodels.sqlite", tables: ["users", "tokens", "quota_data"])
        #expect(kept == restored)
    }
}
