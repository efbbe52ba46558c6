import APIGateway
import Engine
import EventStore
import Foundation
import GRDB
import Projections
import Replay
import TestSupport
import Testing

/// `oneledger replay` through the functions the command calls: a rebuild equals the live read
/// models table by table and row by row after a workload of (nearly) every event type;
/// `--check` finds a planted difference; damage anywhere is named by verify and refused by
/// replay; an interrupted replay leaves the live file as it was.
@Suite struct ReplayTests {
    /// Small segments, so a workload spans many sealed ones (damage in them leaves the server able to open).
    static func smallSegments(_ configuration: inout GatewayConfiguration) {
        configuration.ledger.maxSegmentBytes = 4_096
    }

    /// A workload touching every family of events: users, options, tokens, redemptions,
    /// channels and keys, usage, holds settled, released and expired, tasks, log pruning.
    static func mixedWorkload(_ api: APIClient, _ fixtures: Fixtures, clock: TestClock) async throws {
        let (root, alice) = try await RestartAndRebuildTests().history(api, fixtures)
        for (key, value) in [("QuotaForNewUser", "1000"), ("QuotaForInvitee", "200"), ("QuotaForInviter", "300")] {
            _ = try await api.put("/api/option/", #"{"key":"\#(key)","value":\#(value)}"#, as: root)
        }
        _ = try await api.put("/api/option/", #"{"key":"SMTPToken","value":"smtp-secret-1"}"#, as: root)
        _ = try await api.put("/api/user/setting", #"{"notify_type":"email"}"#, as: alice)
        _ = try await api.put("/api/user/self", #"{"language":"zh-CN"}"#, as: alice)
        let code = try #require(try await api.get("/api/user/aff", as: alice).data as? String)
        _ = try await api.post(
            "/api/user/register", #"{"username":"carol","password":"password123","aff_code":"\#(code)"}"#)
        _ = try await api.get("/api/user/token", as: alice)
        let (payer, token) = try await fixtures.billedUser("payer", quota: 100_000, root: root)
        let channel = try await fixtures.channel("relay", root: root)
        _ = try await api.post("/api/channel/\(channel)/key", "{}", as: root)
        _ = try await api.post("/api/channel/fix", "{}", as: root)
        let batch = (0..<30).map {
            usageJSON("u\($0)", user: payer.userID, token: token, channel: channel, quota: 10 + Int64($0))
        }
        _ = try await fixtures.ingest("/api/ledger/usage", "[" + batch.joined(separator: ",") + "]")
        _ = try await fixtures.ingest(
            "/api/ledger/usage",
            usageJSON(
                "old", user: payer.userID, token: token, channel: channel, quota: 7,
                createdAt: clock.seconds - 40 * 86_400))
        for id in ["h1", "h2", "h3"] {
            _ = try await fixtures.ingest(
                "/api/ledger/reserve",
                #"{"request_id":"\#(id)","user_id":\#(payer.userID),"token_id":\#(token),"quota":50,"ttl_seconds":30}"#)
        }
        _ = try await fixtures.ingest(
            "/api/ledger/settle", usageJSON("h1", user: payer.userID, token: token, channel: channel, quota: 60))
        _ = try await fixtures.ingest("/api/ledger/release", #"{"request_id":"h2"}"#)
        clock.advance(seconds: 31)
        try await eventually {
            try LedgerReader.records(fixtures.dataDirectory).contains { $0.type == "ReservationExpired" }
        }
        _ = try await fixtures.ingest(
            "/api/ledger/tasks", #"{"mj_id":"m1","user_id":\#(payer.userID),"action":"IMAGINE","status":"SUBMITTED"}"#)
        _ = try await fixtures.ingest(
            "/api/ledger/tasks",
            #"{"mj_id":"m1","user_id":\#(payer.userID),"action":"IMAGINE","status":"SUCCESS","progress":"100%"}"#)
        _ = try await api.post("/api/user/manage", #"{"id":\#(alice.userID),"action":"promote"}"#, as: root)
        _ = try await api.post("/api/user/manage", #"{"id":\#(alice.userID),"action":"disable"}"#, as: root)
        let bob = try await fixtures.login("bob")
        _ = try await api.delete("/api/user/\(bob.userID)", as: root)
        _ = try await api.delete("/api/log/?target_timestamp=\(clock.seconds - 30 * 86_400)", as: root)
    }

    /// Runs the workload on a fresh folder (small segments) and returns it, server stopped.
    static func folderWithWorkload() async throws -> String {
        let directory = temporaryDataDirectory()
        let clock = TestClock()
        try await withRunningServer(
            dataDirectory: directory,
            configure: {
                smallSegments(&$0)
                $0.clock = clock.wallClock
            }
        ) { api, fixtures in try await mixedWorkload(api, fixtures, clock: clock) }
        return directory
    }

    static func dump(_ path: String) async throws -> [String] {
        let models = try ReadModels.open(path: path)
        defer { try? models.close() }
        return try await models.dump()
    }

    /// Every table and index as `sqlite_master` declares it: a bulk load builds the same ones.
    static func schema(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(
                db, sql: "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master ORDER BY type, name")
        }
    }

    @Test func aReplayEqualsTheLiveReadModelsTableByTableAndRowByRow() async throws {
        let directory = try await Self.folderWithWorkload()
        defer { removeTemporaryDirectory(directory) }
        let types = Set(try LedgerReader.records(directory).map(\.type))
        // Not reached over HTTP today: UserAffCodeAssigned (only users without a code, which
        // registration always gives), OptionRemoved, TokenDeleted, RedemptionCodeUpdated.
        let expected: Set<String> = [
            "UserRegistered", "InviterRewarded", "UserProfileUpdated", "UserSettingChanged", "UserStatusChanged",
            "UserRoleChanged", "UserDeleted", "UserQuotaAdjusted", "UserAccessTokenIssued",
            "UserLoggedIn", "SetupCompleted", "OptionUpdated", "SecretOptionUpdated", "TokenCreated", "TokenUpdated",
            "RedemptionCodeCreated", "RedemptionCodeRedeemed", "RedemptionCodeDeleted", "ChannelCreated",
            "ChannelUpdated", "ChannelDeleted", "ChannelKeyViewed", "ChannelKeysManaged", "AbilitiesRebuilt",
            "UsageRecorded", "QuotaReserved", "ReservationSettled", "ReservationReleased", "ReservationExpired",
            "TaskReported", "LogsPruned",
        ]
        #expect(
            expected.subtracting(types).isEmpty, "missing from the workload: \(expected.subtracting(types).sorted())")

        let live = directory + "/readmodels.sqlite"
        let before = try await Self.dump(live)
        let digests = try ReadModels.digests(path: live)
        let schema = try Self.schema(live)
        let check = try ReplayCheck.run(dataDirectory: directory)
        #expect(check.ok, "\(check.tables.filter { !$0.same }.map(\.name))")
        #expect(check.tables.count == ReadModels.tableNames.count)

        let outcome = try ReplayRebuild.run(ReplayRebuild.Options(dataDirectory: directory))
        #expect(outcome.path == live && outcome.events > 50)
        #expect(try ReadModels.digests(path: live) == digests)
        #expect(try await Self.dump(live) == before)
        #expect(try Self.schema(live) == schema)
        #expect(!FileManager.default.fileExists(atPath: live + ".replay"))
        #expect(!FileManager.default.fileExists(atPath: live + ".replay.side"))

        // One projection alone, and into another folder up to a seq.
        var one = ReplayRebuild.Options(dataDirectory: directory)
        one.projection = "logs"
        try ReplayRebuild.run(one)
        #expect(try await Self.dump(live) == before)
        #expect(try Self.schema(live) == schema)
        var partial = ReplayRebuild.Options(dataDirectory: directory)
        partial.untilSeq = 5
        partial.outDirectory = directory + "/upto5"
        try ReplayRebuild.run(partial)
        #expect(try ReadModels.checkpoint(path: directory + "/upto5/readmodels.sqlite") == 5)
        #expect(try ReadModels.digests(path: live) == digests)

        // The server serves the replayed models as before.
        try await withRunningServer(dataDirectory: directory, configure: { Self.smallSegments(&$0) }) { api, _ in
            let status = try await api.get("/api/status")
            #expect(status.success)
        }
    }

    @Test func checkFindsAPlantedDifferenceRowByRow() async throws {
        let directory = try await Self.folderWithWorkload()
        defer { removeTemporaryDirectory(directory) }
        let models = try ReadModels.open(path: directory + "/readmodels.sqlite")
        try await models.writer.write { db in
            try db.execute(sql: "UPDATE users SET quota = quota + 1 WHERE username = 'payer'")
        }
        try models.close()
        let check = try ReplayCheck.run(dataDirectory: directory, limit: 5)
        #expect(!check.ok)
        let different = check.tables.filter { !$0.same }
        #expect(different.map(\.name) == ["users"])
        #expect(different.first?.onlyLiveCount == 1 && different.first?.onlyRebuiltCount == 1)
        #expect(different.first?.onlyLive.first?.contains("payer") == true)
        #expect(!FileManager.default.fileExists(atPath: directory + "/replay-check"))
    }

    @Test func anInterruptedReplayLeavesTheLiveModelsInUse() async throws {
        let directory = try await Self.folderWithWorkload()
        defer { removeTemporaryDirectory(directory) }
        let live = directory + "/readmodels.sqlite"
        let digests = try ReadModels.digests(path: live)
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try ReplayRebuild.run(ReplayRebuild.Options(dataDirectory: directory)) { _ in throw Interrupted() }
        }
        #expect(try ReadModels.digests(path: live) == digests)
        #expect(!FileManager.default.fileExists(atPath: live + ".replay"))
        #expect(!FileManager.default.fileExists(atPath: live + ".replay.side"))
        // A replay killed outright leaves its scratch file: the next one starts afresh over it.
        try Data("half a database".utf8).write(to: URL(fileURLWithPath: live + ".replay"))
        try ReplayRebuild.run(ReplayRebuild.Options(dataDirectory: directory))
        #expect(try ReadModels.digests(path: live) == digests)
    }

    /// Flips one byte in each sealed segment (at a spread of offsets) and in the newest one.
    @Test func aByteEditedAnywhereIsNamedByVerifyAndRefusedByReplay() async throws {
        let directory = try await Self.folderWithWorkload()
        defer { removeTemporaryDirectory(directory) }
        let ledger = directory + "/ledger"
        let segments = try FileManager.default.contentsOfDirectory(atPath: ledger).filter { $0.hasSuffix(".seg") }
            .sorted()
        #expect(segments.count > 3)
        let live = directory + "/readmodels.sqlite"
        let digests = try ReadModels.digests(path: live)
        for (number, segment) in segments.enumerated() {
            let path = ledger + "/" + segment
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            // Header, CRC field and a spread of payload bytes, different in each segment.
            let offset = [4, 20, 44, 77, 81, original.count / 2, original.count - 1][number % 7] % original.count
            var damaged = original
            damaged[offset] ^= 0x5A
            try damaged.write(to: URL(fileURLWithPath: path))
            defer { try? original.write(to: URL(fileURLWithPath: path)) }

            let report = try Engine.verify(dataDirectory: directory)
            let named = report.problem ?? report.tornTail.map { "segment \($0.segment), byte offset \($0.offset)" }
            #expect(
                named?.contains("segment \(segment), byte offset ") == true,
                "\(segment) @\(offset): \(named ?? "nothing")")
            let namedOffset = named.flatMap {
                Int($0.split(separator: " ")[4].trimmingCharacters(in: .punctuationCharacters))
            }
            #expect(namedOffset.map { $0 <= offset } == true)
            do {
                try ReplayRebuild.run(ReplayRebuild.Options(dataDirectory: directory))
                Issue.record("replay rebuilt from a damaged ledger (\(segment) @\(offset))")
            } catch let error as ReplayError {
                #expect("\(error)".contains("segment \(segment), byte offset "), "\(error)")
            } catch {
                #expect("\(error)".contains(segment), "\(error)")
            }
            #expect(try ReadModels.digests(path: live) == digests)
        }
        #expect(try Engine.verify(dataDirectory: directory).problem == nil)
    }

    @Test func verifyOverHTTPNamesTheDamagedFrame() async throws {
        let directory = try await Self.folderWithWorkload()
        defer { removeTemporaryDirectory(directory) }
        let ledger = directory + "/ledger"
        let segments = try FileManager.default.contentsOfDirectory(atPath: ledger).filter { $0.hasSuffix(".seg") }
            .sorted()
        let victim = segments[1]
        let path = ledger + "/" + victim
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        try await withRunningServer(dataDirectory: directory, configure: { Self.smallSegments(&$0) }) { api, fixtures in
            let root = try await fixtures.root()
            let reply = try await api.get("/api/ledger/verify", as: root)
            #expect(reply.success && reply.object["ok"] as? Bool == false, "\(reply.text)")
            let problems = reply.object["problems"] as? [[String: Any]] ?? []
            #expect(problems.first?["kind"] as? String == "damage")
            #expect((problems.first?["message"] as? String)?.contains("segment \(victim), byte offset ") == true)
        }
    }
}
