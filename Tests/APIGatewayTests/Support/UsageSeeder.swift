import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging

@testable import APIGateway

/// The one place tests produce usage before `POST /api/ledger/usage` exists on this branch:
/// `UsageRecorded` events appended through the real writer by a test-only command, so they
/// are durable, applied and committed exactly like the ingest route's. Switch `record` to the
/// route once it is merged.
struct UsageSeeder: Sendable {
    let engine: Engine

    /// Appends `usages` as one command (one batch), returning when they are applied.
    func record(_ usages: [Oneledger_V1_UsageRecorded]) async throws {
        try await engine.execute(
            SeedUsage(usages: usages), context: CommandContext(now: Int64(Date().timeIntervalSince1970 * 1000)))
    }

    struct SeedUsage: Command {
        var usages: [Oneledger_V1_UsageRecorded]
        func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
            usages.map(\.event)
        }
    }
}

/// `withRunningServer`, with the seeder of the running engine handed to the body too.
func withRunningServerAndUsage(
    dataDirectory: String? = nil,
    _ body: @escaping @Sendable (APIClient, Fixtures, UsageSeeder) async throws -> Void
) async throws {
    let directory = dataDirectory ?? temporaryDataDirectory()
    let configuration = testConfiguration(directory)
    var logger = Logger(label: "oneledger.test")
    logger.logLevel = .critical
    let services = try await openServices(configuration, logger: logger)
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: buildRouter(services),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
        services: services.engine.services,
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger)
    try await serving(app, ports: ports, logger: logger, what: "the server") { port in
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let api = APIClient(client: client, port: port)
            try await body(api, Fixtures(api: api, dataDirectory: directory), UsageSeeder(engine: services.engine))
        }
    }
}

/// A deterministic workload over the given users, tokens and channels: models, groups and
/// times spread over `hours` hours before `end`, each record's `other` carrying `admin_info`.
struct UsageWorkload {
    static let models = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet"]
    static let groups = ["default", "vip"]

    static func make(
        count: Int, users: [(user: Int64, token: Int64)], channels: [Int64], end: Int64, hours: Int64, seed: UInt64 = 7
    ) -> [Oneledger_V1_UsageRecorded] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let owner = users[random.next(below: users.count)]
            var usage = Oneledger_V1_UsageRecorded()
            usage.requestID = "req-\(seed)-\(i)"
            usage.userID = owner.user
            usage.tokenID = owner.token
            usage.channelID = channels[random.next(below: channels.count)]
            usage.modelName = models[random.next(below: models.count)]
            usage.group = groups[random.next(below: groups.count)]
            usage.promptTokens = Int64(random.next(below: 1000) + 1)
            usage.completionTokens = Int64(random.next(below: 500))
            usage.quota = Int64(random.next(below: 5000) + 1)
            usage.useTime = Int64(random.next(below: 20) + 1)
            usage.isStream = random.next(below: 2) == 0
            usage.ip = "10.0.0.\(i % 250)"
            usage.content = i % 5 == 0 ? "note \(i % 3)" : ""
            usage.cacheReadTokens = Int64(random.next(below: 100))
            usage.cacheWriteTokens = Int64(random.next(below: 10))
            usage.other =
                #"{"admin_info":{"use_channel":["\#(usage.channelID)"]},"cache_tokens":\#(usage.cacheReadTokens),"frt":\#(i)}"#
            usage.createdAt = end - Int64(random.next(below: Int(hours * 3600)))
            return usage
        }
    }
}
