import EventStore
import Foundation
import GRDB
import HTTPTypes
import Ledger
import Projections
import TestSupport
import Testing

@Suite struct RestartAndRebuildTests {
    /// Builds some history: root, two users, an admin edit, a quota change, a login.
    func history(_ api: APIClient, _ fixtures: Fixtures) async throws -> (root: Identity, alice: Identity) {
        let root = try await fixtures.root()
        let alice = try await fixtures.signedInUser("alice")
        _ = try await fixtures.signedInUser("bob")
        _ = try await api.put("/api/user/", #"{"id":\#(alice.userID),"username":"alice","group":"vip"}"#, as: root)
        _ = try await api.post(
            "/api/user/manage", #"{"id":\#(alice.userID),"action":"add_quota","mode":"add","value":123}"#, as: root)
        _ = try await api.put("/api/option/", #"{"key":"Notice","value":"hello"}"#, as: root)
        let token = try await fixtures.token(alice)
        _ = try await fixtures.token(alice, name: "second")
        _ = try await api.put("/api/token/?status_only=1", #"{"id":\#(token.id),"status":2}"#, as: alice)
        let codes = try await fixtures.redemptionCodes(root, count: 3, quota: 50)
        _ = try await api.post("/api/user/topup", #"{"key":"\#(codes[0])"}"#, as: alice)
        _ = try await api.delete("/api/redemption/2", as: root)
        _ = try await api.post(
            "/api/channel/",
            #"{"mode":"batch","channel":{"name":"c","type":1,"key":"k1\nk2","models":"m1,m2","tag":"t"}}"#,
            as: root)
        _ = try await api.post("/api/channel/tag/disabled", #"{"tag":"t"}"#, as: root)
        _ = try await api.delete("/api/channel/1", as: root)
        _ = try await api.post(
            "/api/channel/",
            #"{"mode":"multi_to_single","channel":{"name":"mk","type":1,"key":"a1\nb2\nc3","models":"m"}}"#,
            as: root)
        _ = try await api.put("/api/channel/", #"{"id":3,"key":"d4","key_mode":"append"}"#, as: root)
        _ = try await api.post(
            "/api/channel/multi_key/manage", #"{"channel_id":3,"action":"disable_key","key_index":3}"#, as: root)
        _ = try await api.post(
            "/api/channel/multi_key/manage", #"{"channel_id":3,"action":"delete_key","key_index":0}"#, as: root)
        return (root, alice)
    }

    @Test func stateAndSessionsSurviveARestart() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let saved = Saved()
        try await withRunningServer(transport: .live, dataDirectory: directory) { api, fixtures in
            let (root, alice) = try await history(api, fixtures)
            let token = try await fixtures.tokenIdentity(alice)
            await saved.set(root: root, alice: alice, token: token)
        }
        let (root, alice, token) = await saved.get()
        try await withRunningServer(transport: .live, dataDirectory: directory) { api, _ in
            let me = try await api.get("/api/user/self", as: alice)
            #expect(me.success && me.object["quota"] as? Int == 173 && me.object["group"] as? String == "vip")
            #expect(try await api.get("/api/token/", as: alice).object["total"] as? Int == 2)
            #expect(try await api.get("/api/user/self", as: token).success)
            #expect(try await api.get("/api/user/", as: root).object["total"] as? Int == 3)
            #expect(try await api.get("/api/notice").data as? String == "hello")
            #expect(try await api.get("/api/setup").object["status"] as? Bool == true)
        }
    }

    @Test func catchUpAppliesEventsAppendedButNeverApplied() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let saved = Saved()
        try await withRunningServer(transport: .live, dataDirectory: directory) { api, fixtures in
            let (root, alice) = try await history(api, fixtures)
            await saved.set(root: root, alice: alice, token: alice)
        }
        // A crash after the append's fdatasync and before the SQLite commit leaves exactly
        // this: events in the ledger beyond the read models' checkpoint.
        let store = try EventStore(directory: directory + "/ledger")
        var ghost = Oneledger_V1_UserRegistered()
        ghost.userID = 50
        ghost.username = "ghost"
        ghost.role = 1
        ghost.status = 1
        ghost.group = "default"
        ghost.createdAt = 1_700_000_000
        let event = LedgerEvent.userRegistered(ghost)
        let head = store.head.seq
        _ = try store.appendBlocking(
            [NewEvent(time: 1_700_000_000_000, type: event.type, stream: event.stream, payload: event.payload())],
            expectingFirstSeq: head + 1)
        store.close()

        let (root, _, _) = await saved.get()
        try await withRunningServer(transport: .live, dataDirectory: directory) { api, _ in
            let ghostRow = try await api.get("/api/user/50", as: root)
            #expect(ghostRow.success && ghostRow.object["username"] as? String == "ghost")
            // New users continue after the repaired id.
            _ = try await api.post("/api/user/register", #"{"username":"next","password":"password123"}"#)
            let search = try await api.get("/api/user/search?keyword=next", as: root)
            let items = search.object["items"] as? [[String: Any]] ?? []
            #expect(items.first?["id"] as? Int == 51)
        }
        let models = try ReadModels.open(path: directory + "/readmodels.sqlite")
        let checkpoint = try await models.reader.read { db in try ReadModels.checkpoint(db) }
        let reopened = try EventStore(directory: directory + "/ledger")
        #expect(checkpoint == reopened.head.seq)
        reopened.close()
    }

    @Test func rebuildFromTheLedgerGivesIdenticalRowsAndAnswers() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let saved = Saved()
        let answers = Answers()
        try await withRunningServer(transport: .live, dataDirectory: directory) { api, fixtures in
            let (root, alice) = try await history(api, fixtures)
            await saved.set(root: root, alice: alice, token: alice)
            await answers.set(
                try await api.get("/api/user/?page_size=100", as: root).text
                    + api.get("/api/token/", as: alice).text + api.get("/api/redemption/", as: root).text
                    + api.get("/api/channel/", as: root).text)
        }
        let before = try await ReadModels.open(path: directory + "/readmodels.sqlite").dump()
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: directory + "/readmodels.sqlite" + suffix)
        }

        let (root, alice, _) = await saved.get()
        try await withRunningServer(transport: .live, dataDirectory: directory) { api, _ in
            let after =
                try await api.get("/api/user/?page_size=100", as: root).text
                + api.get("/api/token/", as: alice).text + api.get("/api/redemption/", as: root).text
                + api.get("/api/channel/", as: root).text
            let before = await answers.get()
            #expect(after == before, "\(after)\n---\n\(before)")
        }
        let after = try await ReadModels.open(path: directory + "/readmodels.sqlite").dump()
        #expect(before == after)
        #expect(before.contains { $0.hasPrefix("logs ") })
        #expect(before.contains { $0.hasPrefix("tokens ") } && before.contains { $0.hasPrefix("redemptions ") })
        #expect(before.contains { $0.hasPrefix("abilities ") })
        #expect(before.contains { $0.hasPrefix("channel_key_statuses ") })
    }

    @Test func aChangedProjectionVersionRebuildsIt() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        try await withRunningServer(transport: .live, dataDirectory: directory) { api, fixtures in
            _ = try await history(api, fixtures)
        }
        let models = try ReadModels.open(path: directory + "/readmodels.sqlite")
        let before = try await models.dump()
        try await models.writer.write { db in
            try db.execute(sql: "UPDATE projection_meta SET version = 0 WHERE name = 'logs'")
            try db.execute(sql: "DELETE FROM logs")
        }
        try await withRunningServer(transport: .live, dataDirectory: directory) { _, _ in }
        #expect(try await models.dump() == before)
    }

    /// A start that stops after emptying a stale projection and before its rebuild finished
    /// (killed, power cut) leaves it stale: the next start rebuilds it whole again.
    @Test func aRebuildInterruptedAfterTheResetIsRedoneOnTheNextStart() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        try await withRunningServer(transport: .live, dataDirectory: directory) { api, fixtures in
            _ = try await history(api, fixtures)
        }
        let models = try ReadModels.open(path: directory + "/readmodels.sqlite")
        let before = try await models.dump()
        try await models.writer.write { db in
            try db.execute(sql: "UPDATE projection_meta SET version = 0 WHERE name IN ('logs', 'usage_requests')")
            // What the first start commits before it replays the ledger into the emptied tables.
            try ReadModels.reset(db, projections: ["logs", "usage_requests"])
        }
        #expect(try await models.dump() != before)
        try await withRunningServer(transport: .live, dataDirectory: directory) { _, _ in }
        #expect(try await models.dump() == before)
    }
}

actor Saved {
    var root: Identity?
    var alice: Identity?
    var token: Identity?

    func set(root: Identity, alice: Identity, token: Identity) {
        self.root = root
        self.alice = alice
        self.token = token
    }

    func get() -> (Identity, Identity, Identity) { (root!, alice!, token!) }
}

actor Answers {
    var text = ""
    func set(_ text: String) { self.text = text }
    func get() -> String { text }
}
