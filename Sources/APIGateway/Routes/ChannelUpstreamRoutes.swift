import Engine
import Foundation
import Hummingbird
import Ledger
import Projections
import Synchronization

/// docs/api.md (Channels (admin)): the routes that call a channel's upstream — test one or
/// all, update one or all balances, fetch the model list of a saved or an unsaved channel.
/// Results are recorded as events (test and response time, balance, the statuses the automatic
/// rules change); a failure of the upstream is a refusal naming it, and appends only what the
/// reference records for it (a failed test still records its time).
struct ChannelUpstreamRoutes: Sendable {
    let channels: ChannelQueries
    let options: OptionQueries
    let sealer: SecretSealer
    let commands: CommandRunner
    let outbound: OutboundClients
    let clock: WallClock
    /// At most one "test all" at a time.
    let testingAll = RunningFlag()

    func register(admin router: some RouterMethods<SignedInContext>) {
        router.get("channel/test", use: testAll)
        router.get("channel/test/:id", use: test)
        router.get("channel/update_balance", use: updateAllBalances)
        router.get("channel/update_balance/:id", use: updateBalance)
        router.get("channel/fetch_models/:id", use: fetchModels)
        router.post("channel/fetch_models", use: fetchModelsOfInput)
    }

    /// The top-level answer of a test: `{success, message, time}`, `error_code` on failure.
    struct TestAnswer: Encodable {
        var success: Bool
        var message: String
        var time: Double
        var error_code: String?
    }

    @Sendable func test(_ request: Request, context: SignedInContext) async throws -> Response {
        let channel = try await channel(context)
        let model = String((request.uri.queryParameters["model"].map(String.init) ?? "").prefix(255))
        let (upstream, keyIndex) = try await upstreamOf(channel)
        var outcome = try await upstream.test(model: model.isEmpty ? testModel(channel) : model)
        outcome.keyIndex = keyIndex
        try await commands.run(RecordChannelTest(channelID: channel.id, outcome: outcome, automatic: false), context)
        let time = Double(outcome.responseTime) / 1000
        return Envelope.json(
            TestAnswer(
                success: outcome.success, message: outcome.message, time: time,
                error_code: outcome.success ? nil : (outcome.errorCode.isEmpty ? "bad_response" : outcome.errorCode)))
    }

    @Sendable func testAll(_ request: Request, context: SignedInContext) async throws -> Response {
        guard testingAll.start() else { throw APIError.refused("测试已在运行中") }
        defer { testingAll.finish() }
        let all = try await allChannels().filter { $0.status != ChannelStatus.manuallyDisabled }
        // Four at a time: each call has its own deadline, so the whole run is bounded.
        for start in stride(from: 0, to: all.count, by: 4) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for channel in all[start..<min(start + 4, all.count)] {
                    group.addTask {
                        // A channel the guard or the type leaves out is not tested.
                        guard let (upstream, keyIndex) = try? await upstreamOf(channel),
                            var outcome = try? await upstream.test(model: testModel(channel))
                        else { return }
                        outcome.keyIndex = keyIndex
                        try await commands.run(
                            RecordChannelTest(channelID: channel.id, outcome: outcome, automatic: true), context)
                    }
                }
                try await group.waitForAll()
            }
        }
        return Envelope.success()
    }

    @Sendable func updateBalance(_ request: Request, context: SignedInContext) async throws -> Response {
        let channel = try await channel(context)
        if channel.isMultiKey { throw APIError.refused("多密钥渠道不支持余额查询") }
        let balance = try await balance(of: channel)
        try await commands.run(UpdateChannelBalance(channelID: channel.id, balance: balance, automatic: false), context)
        return Envelope.json(BalanceAnswer(balance: balance))
    }

    struct BalanceAnswer: Encodable {
        var success = true
        var message = ""
        var balance: Double
    }

    @Sendable func updateAllBalances(_ request: Request, context: SignedInContext) async throws -> Response {
        let all = try await allChannels().filter { $0.status == ChannelStatus.enabled && !$0.isMultiKey }
        for channel in all {
            // As New API: a channel whose balance cannot be read is skipped.
            guard let balance = try? await balance(of: channel) else { continue }
            try await commands.run(
                UpdateChannelBalance(channelID: channel.id, balance: balance, automatic: true), context)
        }
        return Envelope.success()
    }

    @Sendable func fetchModels(_ request: Request, context: SignedInContext) async throws -> Response {
        let channel = try await channel(context)
        let (upstream, _) = try await upstreamOf(channel)
        return try await models(upstream)
    }

    struct FetchModelsInput: Decodable {
        var channel_id: Int64?
        var base_url: String?
        var type: Int32?
        var key: String?
    }

    @Sendable func fetchModelsOfInput(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(
            FetchModelsInput.self, context: context, refusal: APIError(status: .badRequest, message: "Invalid request"))
        var type = input.type ?? 1
        var base = input.base_url ?? ""
        var key = String(input.key?.split(whereSeparator: \.isNewline).first ?? "").trimmingCharacters(in: .whitespaces)
        if let id = input.channel_id, id > 0, let saved = try await channels.channel(id: id) {
            if input.type == nil { type = saved.type }
            if base.isEmpty { base = saved.baseUrl }
            if key.isEmpty { key = try await upstreamOf(saved).0.key }
        }
        return try await models(ChannelUpstream(http: try await outbound.http(), type: type, baseURL: base, key: key))
    }

    // MARK: - Helpers

    private func channel(_ context: SignedInContext) async throws -> ChannelRecord {
        guard let channel = try await channels.channel(id: try context.parameters.id()) else {
            throw LedgerError.recordNotFound
        }
        return channel
    }

    private func allChannels() async throws -> [ChannelRecord] {
        var filter = ChannelQueries.Filter()
        filter.idSort = true
        return try await channels.page(filter, offset: 0, limit: 100_000).items.reversed()
    }

    /// `?model=`, else the channel's test model, else its first model, else `gpt-4o-mini`.
    private func testModel(_ channel: ChannelRecord) -> String {
        if !channel.testModel.isEmpty { return channel.testModel }
        let first = channel.models.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return first.isEmpty ? "gpt-4o-mini" : first
    }

    /// The upstream with the channel's key: for a multi-key channel the first enabled key and its index.
    private func upstreamOf(_ channel: ChannelRecord) async throws -> (ChannelUpstream, Int32) {
        let stored = sealer.openOrEmpty(channel.sealedKey)
        var key = stored.trimmingCharacters(in: .whitespacesAndNewlines)
        var index: Int32 = 0
        if channel.isMultiKey {
            let statuses = try await channels.keyStatuses(channelIDs: [channel.id])[channel.id] ?? [:]
            let keys = ChannelKeys.split(stored)
            guard let enabled = keys.indices.first(where: { statuses[Int32($0)] == nil }) else {
                throw APIError.refused("all keys of the channel are disabled")
            }
            index = Int32(enabled)
            key = keys[enabled].trimmingCharacters(in: .whitespaces)
        }
        let upstream = try ChannelUpstream(
            http: try await outbound.http(), type: channel.type, baseURL: channel.baseUrl, key: key,
            organization: channel.openaiOrganization)
        return (upstream, index)
    }

    private func balance(of channel: ChannelRecord) async throws -> Double {
        guard ChannelUpstream.balanceTypes.contains(channel.type) else { throw APIError.refused("尚未实现") }
        let price = Double(try await options.value("Price") ?? "") ?? 7.3
        let now = Date(timeIntervalSince1970: TimeInterval(clock.seconds))
        return try await upstreamOf(channel).0.balance(price: price, now: now)
    }

    private func models(_ upstream: ChannelUpstream) async throws -> Response {
        do {
            return Envelope.success(try await upstream.models())
        } catch let error as OutboundError {
            throw APIError.refused("获取模型列表失败: \(error.message)")
        }
    }
}

/// A switch that one task at a time may turn on.
final class RunningFlag: Sendable {
    private let running = Mutex(false)

    /// Turns the flag on; false when it already was.
    func start() -> Bool {
        running.withLock { running in
            if running { return false }
            running = true
            return true
        }
    }

    func finish() { running.withLock { $0 = false } }
}
