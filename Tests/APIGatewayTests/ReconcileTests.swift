import Foundation
import GRDB
import HTTPTypes
import Ledger
import Testing

/// `GET /api/ledger/reconcile`: no difference after a clean workload, a pruned log range
/// reported as pruned, and a charge or balance planted in a read model found and named; a
/// planted balance also makes the user's audit fail loudly.
@Suite struct ReconcileTests {
    static let dayA: Int64 = 1_700_006_400  // a UTC midnight
    static let dayB: Int64 = dayA + 2 * 86_400

    @Test func findsWhatWasPlantedAndNothingElse() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let (alice, aliceToken) = try await fixtures.billedUser("alice", quota: 10_000_000, root: root)
            let (bob, bobToken) = try await fixtures.billedUser("bob", quota: 10_000_000, tokenQuota: nil, root: root)
            let channel = try await fixtures.channel("rc", root: root)
            var records: [String] = []
            for i in 0..<10 {
                let (user, token) = i % 2 == 0 ? (alice, aliceToken) : (bob, bobToken)
                records.append(
                    usageJSON(
                        "rc-\(i)", user: user.userID, token: token, channel: channel, quota: 100 + Int64(i),
                        createdAt: (i < 6 ? Self.dayA : Self.dayB) + Int64(i) * 60))
            }
            #expect(try await fixtures.ingest("/api/ledger/usage", "[" + records.joined(separator: ",") + "]").success)
            // A lone record: bob's only charge on the day after dayB, the row a plant edits.
            #expect(
                try await fixtures.ingest(
                    "/api/ledger/usage",
                    usageJSON(
                        "rc-lone", user: bob.userID, token: bobToken, channel: channel, quota: 55,
                        createdAt: Self.dayB + 86_400 + 5)
                ).success)

            let clean = try await api.get("/api/ledger/reconcile?from=\(Self.dayA)&to=\(Self.dayB + 86_400)", as: root)
            #expect(clean.success, "\(clean.text)")
            #expect(clean.object["ok"] as? Bool == true, "\(clean.text)")
            #expect((clean.object["lines"] as? NSNumber)?.intValue == 5)
            #expect((clean.object["differences"] as? [Any])?.isEmpty == true)
            #expect((clean.object["balances"] as? [Any])?.isEmpty == true)
            #expect(try await api.get("/api/ledger/reconcile/", as: root).object["ok"] as? Bool == true)

            // Pruning the log before dayB: dayA's lines are pruned, not different.
            #expect(try await api.delete("/api/log/?target_timestamp=\(Self.dayB)", as: root).success)
            let pruned = try await api.get("/api/ledger/reconcile?from=\(Self.dayA)&to=\(Self.dayB + 86_400)", as: root)
            #expect(pruned.object["ok"] as? Bool == true, "\(pruned.text)")
            #expect((pruned.object["pruned_lines"] as? NSNumber)?.intValue == 2)
            #expect((pruned.object["logs_pruned_before"] as? NSNumber)?.int64Value == Self.dayB)

            // A charge planted in the statistics, then a balance planted in the users read model.
            let database = try DatabaseQueue(path: fixtures.dataDirectory + "/readmodels.sqlite")
            try await database.write { db in
                try db.execute(
                    sql: "UPDATE usage_buckets SET quota = quota + 7 WHERE user_id = ? AND created_at >= ?",
                    arguments: [bob.userID, Self.dayB + 86_400])
            }
            let planted = try await api.get(
                "/api/ledger/reconcile?from=\(Self.dayA)&to=\(Self.dayB + 86_400)", as: root)
            #expect(planted.object["ok"] as? Bool == false)
            let differences = planted.object["differences"] as? [[String: Any]] ?? []
            #expect(differences.count == 1, "\(planted.text)")
            #expect((differences.first?["user_id"] as? NSNumber)?.int64Value == bob.userID)
            #expect((differences.first?["ledger"] as? NSNumber)?.int64Value == 55)
            #expect((differences.first?["statistics"] as? NSNumber)?.int64Value == 62)
            #expect((differences.first?["logs"] as? NSNumber)?.int64Value == 55)

            try await database.write { db in
                try db.execute(sql: "UPDATE users SET quota = quota + 5 WHERE id = ?", arguments: [alice.userID])
            }
            let balances = try await api.get("/api/ledger/reconcile", as: root).object["balances"] as? [[String: Any]]
            #expect(balances?.count == 1)
            #expect(balances?.first?["entity"] as? String == "user" && balances?.first?["field"] as? String == "quota")
            #expect(
                ((balances?.first?["read_model"] as? NSNumber)?.int64Value ?? 0)
                    - ((balances?.first?["ledger"] as? NSNumber)?.int64Value ?? 0) == 5)
            let audit = try await api.get("/api/ledger/audit/user/\(alice.userID)", as: root)
            #expect(
                !audit.success && audit.message.hasPrefix("audit mismatch for user \(alice.userID)"), "\(audit.text)")
        }
    }

    static let hostile = [
        "/api/ledger/audit/user/1?at=yesterday", "/api/ledger/audit/user/1?at=seq:",
        "/api/ledger/audit/user/1?at=seq:-1",
        "/api/ledger/audit/user/1?at=-5", "/api/ledger/audit/user/1?limit=0", "/api/ledger/audit/user/1?limit=1001",
        "/api/ledger/audit/user/1?limit=abc", "/api/ledger/audit/user/1?after=-1", "/api/ledger/audit/user/abc",
        "/api/ledger/audit/user/99999999999999999999", "/api/ledger/audit/user/self?at=%00",
        "/api/ledger/state/user/1?at=seq:x", "/api/ledger/state/token/-1", "/api/ledger/state/channel/0",
        "/api/ledger/state/user/1?at=" + String(repeating: "9", count: 5_000), "/api/ledger/state/planet/1",
        "/api/ledger/reconcile?from=5&to=1", "/api/ledger/reconcile?from=abc", "/api/ledger/reconcile?to=-1",
        "/api/ledger/audit/user/424242",
    ]

    @Test func hostileQueriesAreRefusedAndAppendNothing() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let head = try await fixtures.checkpoint()
            for path in Self.hostile {
                let reply = try await api.get(path, as: root)
                #expect(reply.status == .ok || reply.status == .notFound, "\(path): \(reply.status)")
                #expect(!reply.success, "\(path): \(reply.text)")
                #expect(!reply.message.isEmpty, "\(path)")
            }
            #expect(try await fixtures.checkpoint() == head)
        }
    }
}
