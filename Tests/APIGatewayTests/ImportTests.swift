import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Replay
import ServiceLifecycle
import TestSupport
import Testing

@testable import APIGateway

/// `oneledger import` of a generated New API database: afterwards balances, token and channel
/// lists, logs, statistics, codes and options answer as the source holds them, bad rows are
/// refused and counted, the audit opens with the imported quota, reconciliation agrees, and a
/// second import into the now set-up instance is refused.
@Suite struct ImportTests {
    @Test func aNewAPIDatabaseAnswersAsTheSourceDid() async throws {
        let sourceDirectory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(sourceDirectory) }
        let sourcePath = sourceDirectory + "/newapi.db"
        let hasher = PasswordHasher(cost: 4)
        let facts = try NewAPIDatabase.write(
            sourcePath, rootHash: try await hasher.hash(Fixtures.rootPassword),
            userHash: try await hasher.hash(Fixtures.password))
        try await withImportedServer(source: sourcePath) { api, fixtures, report, engine in
            #expect(report.source == "new-api")
            #expect(report.refusedCount == facts.refused, "\(report.refused)")
            #expect(report.abilityDifferences == facts.strayAbilities)
            #expect(report.imported["users"] == facts.users.count)
            #expect(report.imported["tokens"] == facts.tokens.count)
            #expect(report.imported["logs"] == facts.logRows)
            let root = try await fixtures.root()

            for user in facts.users {
                let reply = try await api.get("/api/user/\(user.id)", as: root)
                if user.deleted {
                    #expect(!reply.success)
                    continue
                }
                let counters = try await fixtures.userCounters(user.id, root: root)
                #expect(
                    counters.quota == user.quota && counters.used == user.used && counters.requests == user.requests)
            }
            for user in facts.users where !user.deleted && user.id != 1 {
                let identity = try await fixtures.login(user.username)
                let items =
                    try await api.get("/api/token/?p=1&size=100", as: identity).object["items"] as? [[String: Any]]
                    ?? []
                let expected = facts.tokens.filter { $0.userID == user.id }
                #expect(Set(items.compactMap { ($0["id"] as? NSNumber)?.int64Value }) == Set(expected.map(\.id)))
                for token in expected {
                    let item = items.first { ($0["id"] as? NSNumber)?.int64Value == token.id } ?? [:]
                    #expect(item["name"] as? String == token.name && item["key"] as? String == token.key)
                    #expect((item["remain_quota"] as? NSNumber)?.int64Value == token.remain)
                    #expect((item["used_quota"] as? NSNumber)?.int64Value == token.used)
                    #expect(item["unlimited_quota"] as? Bool == token.unlimited)
                }
            }
            let channels =
                try await api.get("/api/channel/?page_size=100", as: root).object["items"] as? [[String: Any]] ?? []
            #expect(channels.count == facts.channels.count)
            for channel in facts.channels {
                let item = channels.first { ($0["id"] as? NSNumber)?.int64Value == channel.id } ?? [:]
                #expect(item["name"] as? String == channel.name)
                #expect((item["used_quota"] as? NSNumber)?.int64Value == channel.used)
                #expect((item["status"] as? NSNumber)?.int64Value == channel.status)
            }
            let logs = try await api.get("/api/log/?type=2&page_size=1", as: root)
            #expect((logs.object["total"] as? NSNumber)?.intValue == facts.consumeRows)
            let stat = try await api.get("/api/log/stat?type=2&start_timestamp=1&end_timestamp=2000000000", as: root)
            #expect((stat.object["quota"] as? NSNumber)?.int64Value == facts.consumeQuota)
            let data =
                try await api.get("/api/data/?start_timestamp=1&end_timestamp=2000000000", as: root).data
                as? [[String: Any]] ?? []
            #expect(data.reduce(0) { $0 + (($1["quota"] as? NSNumber)?.int64Value ?? 0) } == facts.statisticsQuota)
            #expect(data.reduce(0) { $0 + (($1["count"] as? NSNumber)?.int64Value ?? 0) } == facts.statisticsCount)
            let codes = try await api.get("/api/redemption/?page_size=100", as: root)
            #expect((codes.object["total"] as? NSNumber)?.intValue == 3)
            let options = try await api.get("/api/option/", as: root).data as? [[String: Any]] ?? []
            #expect(
                options.contains { $0["key"] as? String == "Notice" && $0["value"] as? String == "imported notice" })

            let audit = try await api.get("/api/ledger/audit/user/2", as: root)
            let first = (audit.object["items"] as? [[String: Any]])?.first
            #expect(first?["type"] as? String == "UserImported")
            #expect((audit.object["quota"] as? NSNumber)?.int64Value == facts.users[1].quota)
            let reconcile = try await api.get("/api/ledger/reconcile?from=0", as: root)
            #expect(reconcile.object["ok"] as? Bool == true, "\(reconcile.text)")

            let head = engine.head.seq
            await #expect(throws: LedgerError.alreadySetUp) {
                _ = try await Replay.Import.run(
                    engine: engine, sealer: SecretSealer(key: Array(repeating: 7, count: 32)), from: sourcePath,
                    now: { 0 })
            }
            #expect(engine.head.seq == head)
        }
    }

    @Test func aFileThatIsNotNewAPIIsRefusedBeforeAnythingIsWritten() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: directory + "/junk.db"))
        try await withImportedServer(source: nil) { _, _, _, engine in
            for path in [directory + "/junk.db", directory + "/absent.db"] {
                await #expect(throws: (any Error).self) {
                    _ = try await Replay.Import.run(
                        engine: engine, sealer: SecretSealer(key: Array(repeating: 7, count: 32)), from: path,
                        now: { 0 })
                }
            }
            #expect(engine.head.seq == 0)
        }
    }

    /// A fresh server whose engine imported `source` (when given) before `body` runs.
    func withImportedServer(
        source: String?,
        _ body: @escaping @Sendable (APIClient, Fixtures, Replay.Import.Report, Engine) async throws -> Void
    ) async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let configuration = testConfiguration(directory)
        let services = try await openServices(configuration, logger: quietLogger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: buildRouter(services),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            services: services.engine.services,
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: quietLogger)
        try await serving(app, ports: ports, logger: quietLogger, what: "the server") { port in
            var report = Replay.Import.Report()
            if let source {
                report = try await Replay.Import.run(
                    engine: services.engine, sealer: services.sealer, from: source,
                    now: { Int64(Date().timeIntervalSince1970 * 1000) })
            }
            let imported = report
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                let api = APIClient(client: client, port: port)
                try await body(api, Fixtures(api: api, dataDirectory: directory), imported, services.engine)
            }
        }
    }
}
