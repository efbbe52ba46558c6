import GRDB
import Ledger
import Testing

@testable import Projections

@Suite struct ProjectionTests {
    func recorded(_ seq: UInt64, _ event: LedgerEvent, time: Int64 = 1_700_000_000_000) -> RecordedEvent {
        RecordedEvent(seq: seq, time: time, actorID: 1, requestID: "req-\(seq)", clientIP: "10.0.0.1", event: event)
    }

    func registered(_ id: Int64, _ name: String, role: Int32 = 1, reward: Int64 = 0) -> LedgerEvent {
        var user = Oneledger_V1_UserRegistered()
        user.userID = id
        user.username = name
        user.passwordHash = "hash"
        user.role = role
        user.status = 1
        user.group = "default"
        user.quota = reward
        user.newUserReward = reward
        user.logQuotaNewUser = "＄1.000000 额度"
        user.createdAt = 1_700_000_000
        return .userRegistered(user)
    }

    let rootOperator: Oneledger_V1_Operator = {
        var root = Oneledger_V1_Operator()
        root.userID = 1
        root.username = "root"
        root.role = 100
        root.authMethod = "session"
        return root
    }()

    func apply(_ models: ReadModels, _ events: [RecordedEvent]) throws {
        try models.writer.write { db in
            for event in events { try ReadModels.apply(event, db) }
            try ReadModels.setCheckpoint(db, events.last?.seq ?? 0)
        }
    }

    @Test func registrationWritesTheUserAndTheNewUserLog() async throws {
        let models = try ReadModels.inMemory()
        try apply(models, [recorded(1, registered(1, "alice", reward: 500_000))])
        let alice = try #require(try await UserQueries(reader: models.reader).user(id: 1))
        #expect(alice.username == "alice" && alice.quota == 500_000 && alice.deletedAt == nil)
        let logs = try await LogQueries(reader: models.reader).entries(userID: 1)
        #expect(logs.map(\.content) == ["新用户注册赠送 ＄1.000000 额度"])
        #expect(logs.first?.type == 4 && logs.first?.createdAt == 1_700_000_000)
        #expect(try await models.reader.read { db in try ReadModels.checkpoint(db) } == 1)
    }

    @Test func adminQuotaChangeWritesAManageLogOwnedByTheOperator() async throws {
        let models = try ReadModels.inMemory()
        var adjusted = Oneledger_V1_UserQuotaAdjusted()
        adjusted.userID = 2
        adjusted.mode = "add"
        adjusted.amount = 10
        adjusted.quotaAfter = 10
        adjusted.logAmount = "＄0.000020 额度"
        adjusted.operator = rootOperator
        try apply(
            models,
            [
                recorded(1, registered(1, "root", role: 100)), recorded(2, registered(2, "bob")),
                recorded(3, .userQuotaAdjusted(adjusted)),
            ])
        let logs = try await LogQueries(reader: models.reader).entries(type: 3)
        #expect(logs.count == 1)
        #expect(logs.first?.userId == 1 && logs.first?.content == "Increased user quota by ＄0.000020 额度")
        #expect(logs.first?.ip == "10.0.0.1")
        #expect(logs.first?.other.contains(#""target_user_id":2"#) == true)
        #expect(logs.first?.other.contains(#""admin_username":"root""#) == true)
        #expect(try await UserQueries(reader: models.reader).user(id: 2)?.quota == 10)
    }

    @Test func aManageLogsOtherIsSortedCompactJSON() async throws {
        let models = try ReadModels.inMemory()
        var updated = Oneledger_V1_UserProfileUpdated()
        updated.userID = 2
        updated.username = "bob"
        updated.operator = rootOperator
        var change = Oneledger_V1_FieldChange()
        change.field = "group"
        change.before = "default"
        change.after = "v/ip \"1\""
        updated.changes = [change]
        try apply(models, [recorded(1, registered(2, "bob")), recorded(2, .userProfileUpdated(updated))])
        let logs = try await LogQueries(reader: models.reader).entries(type: 3)
        #expect(
            logs.first?.other
                == #"{"admin_info":{"admin_id":1,"admin_role":100,"admin_username":"root","auth_method":"session"},"#
                + #""op":{"action":"user.update","params":{"changes":[{"after":"v/ip \"1\"","before":"default","#
                + #""field":"group"}],"target_user_id":2}}}"#)
    }

    @Test func softAndHardDeletes() async throws {
        let models = try ReadModels.inMemory()
        var soft = Oneledger_V1_UserDeleted()
        soft.userID = 1
        var hard = Oneledger_V1_UserDeleted()
        hard.userID = 2
        hard.hard = true
        try apply(
            models,
            [
                recorded(1, registered(1, "a")), recorded(2, registered(2, "b")), recorded(3, .userDeleted(soft)),
                recorded(4, .userDeleted(hard)),
            ])
        let users = UserQueries(reader: models.reader)
        #expect(try await users.user(id: 1)?.deletedAt == "2023-11-14T22:13:20.000Z")
        #expect(try await users.user(id: 2) == nil)
        #expect(try await users.user(login: "a") == nil)
        // The id of a purged user is never handed out again.
        #expect(try await models.writer.read { db in try ReadModels.decisionState(db).maxUserID() } == 2)
    }

    @Test func searchFiltersAndPages() async throws {
        let models = try ReadModels.inMemory()
        try apply(models, (1...25).map { recorded(UInt64($0), registered(Int64($0), "user\($0)")) })
        let users = UserQueries(reader: models.reader)
        let page = try await users.list(offset: 10, limit: 10, sortBy: "", ascending: false)
        #expect(page.total == 25 && page.items.first?.id == 15)
        var search = UserQueries.Search()
        search.keyword = "user2"
        let found = try await users.page(search, offset: 0, limit: 100, sortBy: "id", ascending: true)
        #expect(found.items.map(\.id) == [2, 20, 21, 22, 23, 24, 25])
        search.keyword = "7"
        #expect(
            try await users.page(search, offset: 0, limit: 100, sortBy: "", ascending: true).items.map(\.id) == [17, 7])
    }

    @Test func sameEventsGiveTheSameRows() async throws {
        let events = [recorded(1, registered(1, "a", reward: 5)), recorded(2, registered(2, "b", reward: 5))]
        let first = try ReadModels.inMemory()
        let second = try ReadModels.inMemory()
        try apply(first, events)
        try apply(second, events)
        #expect(try await first.dump() == second.dump())
        #expect(try await first.dump().count > 4)
    }

    @Test func optionsAndSetup() async throws {
        let models = try ReadModels.inMemory()
        var option = Oneledger_V1_OptionUpdated()
        option.key = "Notice"
        option.value = "hello"
        var setup = Oneledger_V1_SetupCompleted()
        setup.version = "v1"
        try apply(models, [recorded(1, .optionUpdated(option)), recorded(2, .setupCompleted(setup))])
        let options = OptionQueries(reader: models.reader)
        #expect(try await options.value("Notice") == "hello")
        #expect(try await options.value("QuotaPerUnit") == "500000")
        #expect(try await options.setupStatus().setUp)
    }
}
