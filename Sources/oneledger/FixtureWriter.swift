import ArgumentParser
import Engine
import EventStore
import Foundation
import HummingbirdBcrypt
import Ledger
import Logging
import Projections
import ServiceLifecycle

/// Writes `oneledger fixtures`' workload through the engine's writer, as the routes would:
/// setup, users, their groups and quotas, tokens, channels, then usage batches of 1,000 from
/// `RealisticUsage` over the population it created. Commands go in concurrently so the writer
/// groups them into shared commits.
struct FixtureWriter {
    static let password = "fixture-pass-1"
    let dataDirectory: String
    let users: Int
    let events: Int
    let seed: UInt64

    struct Report: CustomStringConvertible {
        var users = 0
        var tokens = 0
        var channels = 0
        var usage = 0
        var head: UInt64 = 0
        var usageSeconds = 0.0

        var description: String {
            "fixtures: \(users) users, \(tokens) tokens, \(channels) channels, \(usage) usage records "
                + "(\(formatted(Double(usage) / max(usageSeconds, 1e-9))) records/s through the writer), head \(head)"
        }
    }

    func run() async throws -> Report { try await write().report }

    /// Writes the fixtures and returns who they bill (the token ids as the ledger assigned them).
    func population() async throws -> UsagePopulation { try await write().population }

    private func write() async throws -> (report: Report, population: UsagePopulation) {
        var logger = Logger(label: "oneledger.fixtures")
        logger.logLevel = .warning
        let engine = try await Engine.open(EngineConfiguration(dataDirectory: dataDirectory), logger: logger)
        guard engine.head.seq == 0 else {
            engine.close()
            throw ValidationError("\(dataDirectory) already holds a ledger; fixtures need a fresh data folder")
        }
        let sealer = SecretSealer(key: try KeyFile.sealingKey(in: dataDirectory))
        return try await Self.whileRunning(engine, logger: logger) {
            try await populate(engine, sealer: sealer)
        }
    }

    /// Runs the engine's services (writer, expiry) around `body`, then stops them gracefully.
    static func whileRunning<T: Sendable>(_ engine: Engine, logger: Logger, _ body: () async throws -> T) async throws
        -> T
    {
        let group = ServiceGroup(
            configuration: .init(services: engine.services, gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let result = try await body()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    private func populate(_ engine: Engine, sealer: SecretSealer) async throws -> (
        report: Report, population: UsagePopulation
    ) {
        var report = Report()
        let now = Int64(Date().timeIntervalSince1970)
        let context = CommandContext(actorID: 1, requestID: "fixtures", clientIP: "127.0.0.1", now: now * 1000)
        let hash = Bcrypt.hash(Self.password, cost: 4)
        try await engine.execute(
            CompleteSetup(
                username: "root", passwordHash: hash, selfUseModeEnabled: false, demoSiteEnabled: false,
                version: "fixtures"), context: context)
        let root = Operator(id: 1, username: "root", role: Role.root, authMethod: "session")
        var population = UsagePopulation.synthetic(users: users, firstUserID: 2, seed: seed)

        try await concurrently(population.users.indices) { index in
            CreateUser(
                operator: root, username: "user\(index + 1)", passwordHash: hash, displayName: "", role: Role.common,
                affCodeCandidates: RandomCodes.affCodeCandidates())
        }
        // Root is user 1; the users took the ids after it, in whatever order the writer met them.
        let ids = population.users
        var names: [String] = []
        for id in ids { names.append(try await engine.users.user(id: id)?.username ?? "") }
        let groups = population.groups
        try await concurrently(population.users.indices) { [names] index in
            UpdateUser(
                operator: root, userID: ids[index], username: names[index], displayName: "",
                group: groups[index], remark: "", passwordHash: "", role: 0)
        }
        try await concurrently(population.users.indices) { index in
            // Heavy users hold more; every balance covers the month.
            ManageUser(
                operator: root, userID: ids[index],
                action: .addQuota(mode: "override", value: index < max(1, users / 100) ? 50_000_000_000 : 5_000_000_000)
            )
        }
        let owned = population.tokens
        let tokenJobs = population.users.indices.flatMap { index in owned[index].indices.map { (index, $0) } }
        try await concurrently(tokenJobs.indices) { job in
            let (index, slot) = tokenJobs[job]
            var fields = Oneledger_V1_TokenFields()
            fields.name = "token-\(slot + 1)"
            fields.unlimitedQuota = slot == 0
            fields.remainQuota = slot == 0 ? 0 : 2_000_000_000
            let key = RandomCodes.alphanumeric(48)
            return CreateToken(
                userID: ids[index], fields: fields, sealedKey: (try? sealer.seal(key)) ?? [],
                keyFingerprint: SecretSealer.fingerprint(key))
        }
        for index in population.users.indices {
            population.tokens[index] = try await engine.tokens.list(userID: ids[index], offset: 0, limit: 10).items
                .map(\.id).sorted()
        }
        report.tokens = tokenJobs.count

        let channels = try population.channelIDs.map { id in
            var fields = Oneledger_V1_ChannelFields()
            fields.type = 1
            fields.name = "channel-\(id)"
            fields.models = population.models(ofChannel: id)
            fields.group = RealisticUsage.groups.joined(separator: ",")
            let key = "sk-fixture-\(id)-" + RandomCodes.alphanumeric(24)
            return (fields: fields, sealed: try sealer.seal(key), fingerprint: SecretSealer.fingerprint(key))
        }
        try await engine.execute(AddChannels(operator: root, channels: channels), context: context)
        report.channels = channels.count
        report.users = ids.count

        let started = ContinuousClock.now
        var generator = RealisticUsage(seed: seed, population: population)
        let span: Int64 = 30 * 86_400
        let batches = (events + RecordUsage.maxRecords - 1) / RecordUsage.maxRecords
        var produced = 0
        for wave in stride(from: 0, to: batches, by: 4) {
            var commands: [RecordUsage] = []
            for _ in wave..<min(batches, wave + 4) {
                let count = min(RecordUsage.maxRecords, events - produced)
                commands.append(
                    RecordUsage(
                        records: (0..<count).map { i in
                            let at = now - span + span * Int64(produced + i) / Int64(max(events, 1))
                            return UsageInput(generator.next(createdAt: at))
                        }))
                produced += count
            }
            try await withThrowingTaskGroup(of: Int.self) { group in
                for command in commands {
                    group.addTask { try await engine.execute(command, context: context).count }
                }
                for try await count in group { report.usage += count }
            }
        }
        report.usageSeconds = (ContinuousClock.now - started).seconds
        report.head = engine.head.seq
        return (report, population)

        /// Sends `make(i)` for every index, 256 commands in flight at a time.
        func concurrently<C: Command>(_ indices: Range<Int>, _ make: @escaping @Sendable (Int) -> C) async throws {
            for start in stride(from: indices.lowerBound, to: indices.upperBound, by: 256) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in start..<min(indices.upperBound, start + 256) {
                        group.addTask { try await engine.execute(make(index), context: context) }
                    }
                    try await group.waitForAll()
                }
            }
        }
    }
}
