import EventStore
import GRDB
import Ledger
import Projections
import TestSupport
import Testing

@testable import Engine

@Suite struct CatchUpTests {
    let context = CommandContext(now: 1_700_000_000_000)
    let root = Operator(id: 1, username: "root", role: Role.root, authMethod: "session")

    /// A history that fills every read model: users, an option, tokens, redemption codes (one
    /// redeemed) and channels.
    func history(_ writer: LedgerWriter) async throws {
        let setup = CompleteSetup(
            username: "root", passwordHash: "h", selfUseModeEnabled: false, demoSiteEnabled: false, version: "test")
        try await writer.execute(setup, context: context)
        try await writer.execute(register("alice"), context: context)
        try await writer.execute(UpdateOption(operator: root, key: "Notice", value: "hello"), context: context)
        var token = Oneledger_V1_TokenFields()
        token.name = "ci"
        token.remainQuota = 1000
        try await writer.execute(
            CreateToken(userID: 2, fields: token, sealedKey: [1, 2, 3], keyFingerprint: "f1"), context: context)
        try await writer.execute(
            CreateRedemptionCodes(
                operator: root, name: "gift", quota: 50, expiredTime: 0, keys: [([4], "r1"), ([5], "r2")]),
            context: context)
        try await writer.execute(RedeemCode(userID: 2, keyFingerprint: "r1"), context: context)
        var channel = Oneledger_V1_ChannelFields()
        channel.name = "c"
        channel.type = 1
        channel.models = "m1,m2"
        channel.group = "default"
        try await writer.execute(
            AddChannels(operator: root, channels: [(channel, [6], "k1"), (channel, [7], "k2")]), context: context)
    }

    /// Folds `history` live into a ledger in `directory` and returns it with the rows it left.
    func liveHistory(in directory: String) async throws -> (store: EventStore, models: ReadModels, rows: [String]) {
        let store = try EventStore(directory: directory + "/ledger", logger: quietLogger)
        let models = try ReadModels.inMemory()
        try await withWriter(store: store, models: models) { writer in try await history(writer) }
        let rows = try await models.dump()
        for table in ["users ", "options ", "logs ", "tokens ", "redemptions ", "channels ", "abilities "] {
            #expect(rows.contains { $0.hasPrefix(table) }, "no \(table)rows")
        }
        return (store, models, rows)
    }

    @Test func rebuildAllEmptiesEveryReadModelBeforeReplaying() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let (store, models, rows) = try await liveHistory(in: directory)
        defer { store.close() }
        try CatchUp.rebuildAll(store: store, readModels: models)
        #expect(try await models.dump() == rows)
    }

    @Test func readModelsAheadOfTheLedgerAreRebuiltWhole() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let (store, models, rows) = try await liveHistory(in: directory)
        defer { store.close() }
        // As after restoring an older ledger beside newer read models.
        try await models.writer.write { db in try ReadModels.setCheckpoint(db, store.head.seq + 5) }
        try CatchUp.run(store: store, readModels: models, logger: quietLogger)
        #expect(try await models.dump() == rows)
        #expect(try await models.reader.read { db in try ReadModels.checkpoint(db) } == store.head.seq)
    }
}
