import APIGateway
import Foundation
import HTTPTypes
import Projections
import Replay
import TestSupport
import Testing

/// Point-in-time state from entity snapshots (`entity_snapshots`, docs/design.md "Forensics"):
/// with a snapshot every 3 events of an entity, the state route repeats what the GET routes
/// answered during a mixed workload, folds at most 2 events after a snapshot, answers every
/// seq as a fold from the beginning does (a server with snapshots out of reach), and answers
/// the same after a replay rebuilds everything or one projection.
@Suite struct StateSnapshotTests {
    static let interval: Int64 = 3

    /// The state route's answer at one seq, as compared across servers.
    struct State: Equatable, @unchecked Sendable {
        var success: Bool
        var data: NSDictionary
        var folded: Int
        var snapshot: UInt64
    }

    static func state(_ api: APIClient, _ path: String, seq: UInt64, as root: Identity) async throws -> State {
        let answer = try await api.get(path + "?at=seq:\(seq)", as: root)
        return State(
            success: answer.success, data: answer.object as NSDictionary,
            folded: Int(answer.headers[HTTPField.Name("X-OneLedger-Events-Folded")!] ?? "") ?? -1,
            snapshot: UInt64(answer.headers[HTTPField.Name("X-OneLedger-Snapshot-Seq")!] ?? "") ?? 0)
    }

    /// What the test learned on the first server: the entities' state paths and root's session.
    actor Saved {
        var paths: [String] = []
        var root: Identity?
        var head: UInt64 = 0
        var states: [String: [State]] = [:]

        func set(paths: [String], root: Identity, head: UInt64) {
            self.paths = paths
            self.root = root
            self.head = head
        }

        func set(states: [String: [State]]) { self.states = states }
    }

    /// Every entity's state at every seq 1...head.
    static func allStates(_ api: APIClient, _ saved: Saved) async throws -> [String: [State]] {
        guard let root = await saved.root else { throw TestFailure("no root") }
        var states: [String: [State]] = [:]
        for path in await saved.paths {
            for seq in 1...(await saved.head) {
                states[path, default: []].append(try await state(api, path, seq: seq, as: root))
            }
        }
        return states
    }

    @Test func statesFromSnapshotsRepeatTheAnswersOfTheirMomentsAndOfAFoldFromTheBeginning() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let saved = Saved()
        try await withRunningServer(dataDirectory: directory, configure: { $0.snapshotInterval = Self.interval }) {
            api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("snapadmin", root: root)
            let (user, token) = try await fixtures.billedUser(
                "snapper", quota: 50_000_000, tokenQuota: 20_000_000, root: root)
            let created = try await api.post(
                "/api/channel/",
                #"{"mode":"multi_to_single","channel":{"name":"snapkeys","type":1,"key":"a1\nb2\nc3","models":"gpt-4o","group":"default"}}"#,
                as: root)
            #expect(created.success, "\(created.text)")
            let list = try await api.get("/api/channel/?page_size=100", as: root)
            let items = list.object["items"] as? [[String: Any]] ?? []
            let ids = items.compactMap { item -> Int64? in
                item["name"] as? String == "snapkeys" ? (item["id"] as? NSNumber)?.int64Value : nil
            }
            let channel = try #require(ids.first)
            let paths = [
                "/api/ledger/state/user/\(user.userID)", "/api/ledger/state/token/\(token)",
                "/api/ledger/state/channel/\(channel)",
            ]
            let recorder = LedgerAuditTests.Recorder()

            /// The GET answers now; a failed one (the entity deleted) is recorded as a failure.
            func record() async throws {
                let seq = try await fixtures.checkpoint()
                let answers = [
                    try await api.get("/api/user/\(user.userID)", as: root),
                    try await api.get("/api/token/\(token)", as: user),
                    try await api.get("/api/channel/\(channel)", as: root),
                ]
                for (path, answer) in zip(paths, answers) {
                    var data = answer.object
                    data["success"] = answer.success
                    await recorder.add(.init(statePath: path, seq: seq, data: data as NSDictionary))
                }
            }

            func expectSuccess(_ answer: APIResponse, _ what: String) {
                #expect(answer.success, "\(what): \(answer.text)")
            }

            try await record()
            var request = 0
            for step in 0..<12 {
                // One ingest of several records is one run of counter events, cut at snapshots.
                let records = (0..<(1 + step % 4)).map { _ in
                    request += 1
                    return usageJSON(
                        "snap-\(request)", user: user.userID, token: token, channel: channel,
                        quota: 100 + Int64(request))
                }
                expectSuccess(
                    try await fixtures.ingest("/api/ledger/usage", "[" + records.joined(separator: ",") + "]"), "usage")
                switch step % 4 {
                case 0:
                    expectSuccess(
                        try await api.post(
                            "/api/user/manage",
                            #"{"id":\#(user.userID),"action":"add_quota","mode":"add","value":\#(1_000 + step)}"#,
                            as: admin), "adjust")
                case 1:
                    expectSuccess(
                        try await api.put(
                            "/api/token/",
                            #"{"id":\#(token),"name":"relay-\#(step)","remain_quota":\#(19_000_000 - step),"expired_time":-1}"#,
                            as: user), "token edit")
                case 2:
                    expectSuccess(
                        try await api.put(
                            "/api/channel/", #"{"id":\#(channel),"priority":\#(step),"weight":\#(step * 2)}"#, as: root),
                        "channel edit")
                default:
                    let code = try await fixtures.redemptionCodes(admin, quota: 7_000 + Int64(step)).first ?? ""
                    expectSuccess(try await api.post("/api/user/topup", #"{"key":"\#(code)"}"#, as: user), "top-up")
                }
                if step == 4 {
                    expectSuccess(
                        try await api.put("/api/token/?status_only=1", #"{"id":\#(token),"status":2}"#, as: user),
                        "token off")
                    expectSuccess(
                        try await api.post(
                            "/api/channel/multi_key/manage",
                            #"{"channel_id":\#(channel),"action":"disable_key","key_index":1}"#, as: root), "key off")
                }
                if step == 6 {
                    expectSuccess(
                        try await api.put("/api/token/?status_only=1", #"{"id":\#(token),"status":1}"#, as: user),
                        "token on")
                    expectSuccess(
                        try await api.put("/api/channel/", #"{"id":\#(channel),"status":2}"#, as: root), "channel off")
                }
                if step == 8 {
                    expectSuccess(
                        try await api.put("/api/channel/", #"{"id":\#(channel),"status":1}"#, as: root), "channel on")
                    expectSuccess(
                        try await api.post(
                            "/api/user/manage", #"{"id":\#(user.userID),"action":"disable"}"#, as: admin),
                        "user off")
                    try await record()
                    expectSuccess(
                        try await api.post("/api/user/manage", #"{"id":\#(user.userID),"action":"enable"}"#, as: admin),
                        "user on")
                }
                try await record()
            }
            expectSuccess(try await api.delete("/api/token/\(token)", as: user), "token delete")
            expectSuccess(try await api.delete("/api/channel/\(channel)", as: root), "channel delete")
            try await record()
            expectSuccess(try await api.delete("/api/user/\(user.userID)", as: admin), "user delete")
            try await record()

            // Every recorded answer, repeated at its moment from at most 2 events after a snapshot.
            var fromSnapshots = 0
            for recorded in await recorder.answers {
                var expected = recorded.data as? [String: Any] ?? [:]
                let success = expected.removeValue(forKey: "success") as? Bool ?? false
                let state = try await Self.state(api, recorded.statePath, seq: recorded.seq, as: root)
                #expect(!state.success || (0..<Int(Self.interval)).contains(state.folded), "\(recorded.statePath)")
                if state.snapshot > 0 { fromSnapshots += 1 }
                if recorded.statePath.contains("/token/"), !success {
                    // The owner is refused while disabled, or the token was deleted: only the latter is gone.
                    continue
                }
                #expect(state.success == success, "\(recorded.statePath) at seq \(recorded.seq)")
                guard success else { continue }
                var actual = state.data as? [String: Any] ?? [:]
                if let key = expected.removeValue(forKey: "key") as? String {
                    #expect(
                        actual.removeValue(forKey: "key") as? String
                            == (key.isEmpty ? "" : String(key.prefix(4)) + "**********" + String(key.suffix(4))))
                }
                #expect(
                    (actual as NSDictionary) == (expected as NSDictionary),
                    "\(recorded.statePath) at seq \(recorded.seq)")
            }
            #expect(fromSnapshots > 20, "snapshots used: \(fromSnapshots)")
            let head = try await fixtures.checkpoint()
            await saved.set(paths: paths, root: root, head: head)
            let states = try await Self.allStates(api, saved)
            for (path, answers) in states {
                #expect(
                    answers.allSatisfy { !$0.success || (0..<Int(Self.interval)).contains($0.folded) }, "\(path)")
            }
            await saved.set(states: states)
        }

        // The ledger in the state every check reads: replay's check, a whole rebuild, one projection.
        let check = try ReplayCheck.run(dataDirectory: directory)
        #expect(check.ok, "\(check.tables.filter { !$0.same }.map(\.name))")
        #expect(check.tables.contains { $0.name == "entity_snapshots" && $0.live.rows > 20 })
        try ReplayRebuild.run(ReplayRebuild.Options(dataDirectory: directory))
        var one = ReplayRebuild.Options(dataDirectory: directory)
        one.projection = "users"
        try ReplayRebuild.run(one)
        one.projection = "entity_snapshots"
        try ReplayRebuild.run(one)
        #expect(ReplayRebuild.rebuilt(with: "entity_snapshots") == ["channels", "entity_snapshots", "tokens", "users"])
        #expect(try ReplayCheck.run(dataDirectory: directory).ok)
        let expected = await saved.states
        try await withRunningServer(dataDirectory: directory) { api, _ in
            let states = try await Self.allStates(api, saved)
            #expect(states == expected)
        }

        // Snapshots out of reach: every state is a fold from the beginning, with the same answer.
        try await withRunningServer(dataDirectory: directory, configure: { $0.snapshotInterval = 1_000_000 }) {
            api, _ in
            let states = try await Self.allStates(api, saved)
            for (path, answers) in states {
                let before = expected[path] ?? []
                #expect(answers.count == before.count)
                for (seq, (now, then)) in zip(answers, before).enumerated() {
                    #expect(now.snapshot == 0 && now.folded >= then.folded, "\(path) at \(seq + 1)")
                    #expect(now.success == then.success && now.data == then.data, "\(path) at \(seq + 1)")
                }
                #expect((answers.map(\.folded).max() ?? 0) > 3 * Int(Self.interval), "\(path)")
            }
        }
    }

    @Test func snapshotsAreRebuiltWithWhatTheyRead() {
        let group: Set<String> = ["users", "tokens", "channels", "entity_snapshots"]
        #expect(ReadModels.withDependencies(["users"]) == group)
        #expect(ReadModels.withDependencies(["entity_snapshots"]) == group)
        #expect(ReadModels.withDependencies(["logs"]) == ["logs"])
        #expect(ReadModels.withDependencies(["logs", "channels"]) == group.union(["logs"]))
    }
}
