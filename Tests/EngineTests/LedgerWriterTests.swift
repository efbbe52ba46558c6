import EventStore
import GRDB
import Ledger
import Projections
import TestSupport
import Testing

@testable import Engine

@Suite struct LedgerWriterTests {
    let context = CommandContext(now: 1_700_000_000_000)

    @Test func commandsAreAppliedBeforeTheAnswerAndTheCheckpointFollows() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let store = try EventStore(directory: directory + "/ledger")
        defer { store.close() }
        let models = try ReadModels.inMemory()
        try await withWriter(store: store, models: models) { (writer) async throws in
            let events = try await writer.execute(register("alice"), context: context)
            #expect(events.map(\.seq) == [1])
            #expect(try await UserQueries(reader: models.reader).user(id: 1)?.username == "alice")
            #expect(try await models.reader.read { db in try ReadModels.checkpoint(db) } == 1)
        }
        #expect(store.head.seq == 1)
    }

    @Test func aRefusedCommandAppendsNothingAndLaterCommandsSeeEarlierOnes() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let store = try EventStore(directory: directory + "/ledger")
        defer { store.close() }
        let models = try ReadModels.inMemory()
        try await withWriter(store: store, models: models) { (writer) async throws in
            // Many concurrent registrations of the same name: exactly one wins, whatever the batching.
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask { (try? await writer.execute(register("same"), context: self.context)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            await #expect(throws: LedgerError.usernameTaken) {
                try await writer.execute(register("same"), context: self.context)
            }
        }
        #expect(store.head.seq == 1)
    }

    @Test func concurrentCommandsGetDistinctIDsAndShareFrames() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let store = try EventStore(directory: directory + "/ledger")
        defer { store.close() }
        let models = try ReadModels.inMemory()
        try await withWriter(store: store, models: models) { (writer) async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<50 {
                    group.addTask { try await writer.execute(register("user\(index)"), context: self.context) }
                }
                try await group.waitForAll()
            }
            let page = try await UserQueries(reader: models.reader).list(
                offset: 0, limit: 100, sortBy: "id", ascending: true)
            #expect(page.items.map(\.id) == Array(1...50))
            #expect(writer.statistics.commands == 50)
        }
        #expect(store.head.seq == 50)
    }

    @Test func aFailedAppendRollsTheBatchBack() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        try EventStore(directory: directory + "/ledger").close()
        let store = try EventStore(directory: directory + "/ledger", configuration: .readOnlyDefault)
        defer { store.close() }
        let models = try ReadModels.inMemory()
        try await withWriter(store: store, models: models) { (writer) async throws in
            await #expect(throws: EngineError.self) {
                try await writer.execute(register("alice"), context: self.context)
            }
            #expect(try await UserQueries(reader: models.reader).user(id: 1) == nil)
            #expect(try await models.reader.read { db in try ReadModels.checkpoint(db) } == 0)
        }
    }

    @Test func catchUpAndRebuildFoldTheSameRows() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let store = try EventStore(directory: directory + "/ledger")
        defer { store.close() }
        let live = try ReadModels.inMemory()
        try await withWriter(store: store, models: live) { (writer) async throws in
            for name in ["a", "b", "c"] { try await writer.execute(register(name), context: self.context) }
        }
        let replayed = try ReadModels.inMemory()
        let applied = try CatchUp.run(store: store, readModels: replayed, logger: quietLogger)
        #expect(applied == 3)
        #expect(try await live.dump() == replayed.dump())
        try CatchUp.rebuildAll(store: store, readModels: replayed)
        #expect(try await live.dump() == replayed.dump())
    }
}
