/// What one test request to a channel's upstream came to, as the gateway measured it.
public struct ChannelTestOutcome: Sendable, Equatable {
    public var model: String
    /// Milliseconds from sending to the whole answer (or the failure).
    public var responseTime: Int64
    public var success: Bool
    /// Why it failed, "" on success.
    public var message: String
    /// The upstream's HTTP status, 0 when none came.
    public var statusCode: Int32
    /// `error.code` and `error.type` of an OpenAI-style error body.
    public var errorCode: String
    public var errorType: String
    /// The key of a multi-key channel that was used (0 otherwise).
    public var keyIndex: Int32
    /// Set by the decision: a passing test slower than `ChannelDisableThreshold`.
    var overThreshold = false

    public init(
        model: String, responseTime: Int64, success: Bool, message: String = "", statusCode: Int32 = 0,
        errorCode: String = "", errorType: String = "", keyIndex: Int32 = 0
    ) {
        self.model = model
        self.responseTime = responseTime
        self.success = success
        self.message = message
        self.statusCode = statusCode
        self.errorCode = errorCode
        self.errorType = errorType
        self.keyIndex = keyIndex
    }
}

/// `GET /api/channel/test/{id}` and each channel of `GET /api/channel/test`: records the test's
/// time and response time; with `automatic` (test all) applies the automatic rules: a failure
/// that disables turns the channel (or the used key of a multi-key channel) off, a pass turns an
/// automatically disabled channel on again.
public struct RecordChannelTest: Command {
    public var channelID: Int64
    public var outcome: ChannelTestOutcome
    public var automatic: Bool

    public init(channelID: Int64, outcome: ChannelTestOutcome, automatic: Bool) {
        self.channelID = channelID
        self.outcome = outcome
        self.automatic = automatic
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let channel = try state.channel(id: channelID) else { throw .channelNotFound }
        var outcome = outcome
        let rules = try AutoDisableRules(state)
        if automatic, rules.disableEnabled, outcome.success, rules.threshold > 0,
            Double(outcome.responseTime) > rules.threshold * 1000
        {
            outcome.success = false
            outcome.overThreshold = true
            outcome.message =
                "响应时间 \(Self.seconds(Double(outcome.responseTime) / 1000))s 超过阈值 \(Self.seconds(rules.threshold))s"
        }
        var tested = Oneledger_V1_ChannelTested()
        tested.channelID = channelID
        tested.testTime = context.seconds
        tested.responseTime = outcome.responseTime
        tested.model = String(outcome.model.prefix(255))
        tested.success = outcome.success
        tested.message = String(outcome.message.prefix(1000))
        tested.keyIndex = outcome.keyIndex
        var events: [LedgerEvent] = [.channelTested(tested)]
        guard automatic else { return events }
        let status = channel.fields.status
        if !outcome.success, rules.disableEnabled, channel.fields.autoBan == 1, rules.disables(outcome) {
            if channel.fields.isMultiKey {
                events += ChannelAutoStatus.disableKey(
                    channel, index: outcome.keyIndex, reason: tested.message, context)
            } else if status == ChannelStatus.enabled {
                events.append(
                    ChannelAutoStatus.change(channel, to: ChannelStatus.autoDisabled, tested.message, context))
            }
        } else if outcome.success, rules.enableEnabled, status == ChannelStatus.autoDisabled {
            events.append(ChannelAutoStatus.change(channel, to: ChannelStatus.enabled, "", context))
        }
        return events
    }

    /// Two decimals, as the reference's `%.2f`.
    static func seconds(_ value: Double) -> String {
        let hundredths = Int64((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// `GET /api/channel/update_balance/{id}` and each channel of `GET /api/channel/update_balance`:
/// records the balance the upstream reported; with `automatic` (update all) a balance of 0 or
/// less disables the channel (`余额不足`) when it is enabled and allows automatic bans.
public struct UpdateChannelBalance: Command {
    public var channelID: Int64
    public var balance: Double
    public var automatic: Bool

    public init(channelID: Int64, balance: Double, automatic: Bool) {
        self.channelID = channelID
        self.balance = balance
        self.automatic = automatic
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let channel = try state.channel(id: channelID) else { throw .channelNotFound }
        guard balance.isFinite, abs(balance) < 1e15 else { throw .invalidField("invalid balance") }
        var updated = Oneledger_V1_ChannelBalanceUpdated()
        updated.channelID = channelID
        updated.balance = balance
        updated.balanceUpdatedTime = context.seconds
        var events: [LedgerEvent] = [.channelBalanceUpdated(updated)]
        if automatic, balance <= 0, channel.fields.status == ChannelStatus.enabled, channel.fields.autoBan == 1 {
            events.append(ChannelAutoStatus.change(channel, to: ChannelStatus.autoDisabled, "余额不足", context))
        }
        return events
    }
}

/// The status events of the automatic rules, with `other_info`'s `status_reason` and
/// `status_time` as New API keeps them.
enum ChannelAutoStatus {
    static func change(
        _ channel: ChannelSnapshot, to status: Int32, _ reason: String, _ context: CommandContext
    ) -> LedgerEvent {
        var info = JSONValue(parsing: channel.fields.otherInfo)?.members ?? [:]
        info["status_reason"] = .string(reason)
        info["status_time"] = .int(context.seconds)
        var event = Oneledger_V1_ChannelStatusAutoChanged()
        event.channelID = channel.id
        event.name = channel.fields.name
        event.statusBefore = channel.fields.status
        event.statusAfter = status
        event.reason = reason
        event.otherInfo = JSONValue(info).jsonText()
        return .channelStatusAutoChanged(event)
    }

    /// Disables one key of a multi-key channel; the last enabled key takes the channel with it.
    static func disableKey(
        _ channel: ChannelSnapshot, index: Int32, reason: String, _ context: CommandContext
    ) -> [LedgerEvent] {
        guard index >= 0, index < channel.fields.multiKeySize, channel.keyStatuses[index] == nil else { return [] }
        var event = Oneledger_V1_ChannelKeyAutoDisabled()
        event.channelID = channel.id
        event.keyIndex = index
        event.reason = reason
        event.disabledTime = context.seconds
        var events: [LedgerEvent] = [.channelKeyAutoDisabled(event)]
        let stillEnabled = (0..<channel.fields.multiKeySize).contains { $0 != index && channel.keyStatuses[$0] == nil }
        if !stillEnabled, channel.fields.status == ChannelStatus.enabled {
            events.append(change(channel, to: ChannelStatus.autoDisabled, "All keys are disabled", context))
        }
        return events
    }
}
