import Foundation

/// `POST /api/channel/` (single, batch, multi_to_single) and `POST /api/channel/copy/:id`:
/// one channel per sealed key in `keys`, each with the same fields (batch names may differ).
public struct AddChannels: Command {
    public var operatorInfo: Operator
    /// One entry per channel to create: its fields and sealed key.
    public var channels: [(fields: Oneledger_V1_ChannelFields, sealed: [UInt8], fingerprint: String)]
    /// The source of a copy, else 0.
    public var copiedFrom: Int64

    public init(
        operator operatorInfo: Operator,
        channels: [(fields: Oneledger_V1_ChannelFields, sealed: [UInt8], fingerprint: String)], copiedFrom: Int64 = 0
    ) {
        self.operatorInfo = operatorInfo
        self.channels = channels
        self.copiedFrom = copiedFrom
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if channels.isEmpty { throw .noChannels }
        let firstID = try state.maxChannelID() + 1
        var events: [LedgerEvent] = []
        for (index, channel) in channels.enumerated() {
            var fields = channel.fields
            if fields.status == 0 { fields.status = ChannelStatus.enabled }
            try ChannelValidation.check(fields)
            var event = Oneledger_V1_ChannelCreated()
            event.channelID = firstID + Int64(index)
            event.sealedKey = Data(channel.sealed)
            event.keyFingerprint = channel.fingerprint
            event.fields = fields
            event.createdTime = context.seconds
            event.operator = operatorInfo.message
            event.batchIndex = Int32(index)
            event.batchCount = Int32(channels.count)
            event.copiedFrom = copiedFrom
            events.append(.channelCreated(event))
        }
        return events
    }
}

/// `PUT /api/channel/`: change the fields the body named (status included, as docs/api.md
/// allows); the others keep their values, and an empty new key keeps the old one.
public struct UpdateChannel: Command {
    public var operatorInfo: Operator
    public var channelID: Int64
    public var patch: ChannelPatch
    public var newKey: (sealed: [UInt8], fingerprint: String)?
    /// For a multi-key channel given a new key: how many keys the new key text holds.
    public var keyCount: Int32?
    /// For an appended key list: the fingerprint of the stored key list it was built on.
    public var appendedTo: String?

    public init(
        operator operatorInfo: Operator, channelID: Int64, patch: ChannelPatch,
        newKey: (sealed: [UInt8], fingerprint: String)?, keyCount: Int32? = nil, appendedTo: String? = nil
    ) {
        self.operatorInfo = operatorInfo
        self.channelID = channelID
        self.patch = patch
        self.newKey = newKey
        self.keyCount = keyCount
        self.appendedTo = appendedTo
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let channel = try state.channel(id: channelID) else { throw .recordNotFound }
        var after = patch.applied(to: channel.fields)
        if after.status == 0 { after.status = channel.fields.status }
        after.isMultiKey = channel.fields.isMultiKey
        after.multiKeySize = channel.fields.multiKeySize
        if after.multiKeyMode.isEmpty { after.multiKeyMode = channel.fields.multiKeyMode }
        try ChannelValidation.check(after)
        var event = ChannelChange.event(channel, after: after, action: "update", operatorInfo: operatorInfo)
        if let appendedTo, appendedTo != channel.keyFingerprint {
            throw .channelKeysChanged
        }
        if let newKey, newKey.fingerprint != channel.keyFingerprint {
            event.sealedKey = Data(newKey.sealed)
            event.keyFingerprint = newKey.fingerprint
            event.changes.append(ChannelChange.change("key", channel.keyFingerprint, newKey.fingerprint))
            if after.isMultiKey, let keyCount, keyCount != after.multiKeySize {
                event.changes.append(ChannelChange.change("multi_key_size", "\(after.multiKeySize)", "\(keyCount)"))
                after.multiKeySize = keyCount
                event.fields = after
            }
        }
        return [.channelUpdated(event)]
    }
}

/// `DELETE /api/channel/:id`, `POST /api/channel/batch` and `DELETE /api/channel/disabled`.
/// Hard deletes; an absent id is no error (the reference deletes 0 rows and succeeds).
public struct DeleteChannels: Command {
    public enum Mode: Sendable {
        case single(Int64)
        case batch([Int64])
        case disabled
    }
    public var operatorInfo: Operator
    public var mode: Mode

    public init(operator operatorInfo: Operator, mode: Mode) {
        self.operatorInfo = operatorInfo
        self.mode = mode
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        var targets: [ChannelSnapshot] = []
        let action: String
        switch mode {
        case .single(let id):
            action = "delete"
            if let channel = try state.channel(id: id) { targets = [channel] }
        case .batch(let ids):
            action = "delete_batch"
            for id in Set(ids).sorted() { if let channel = try state.channel(id: id) { targets.append(channel) } }
        case .disabled:
            action = "delete_disabled"
            targets = try state.disabledChannels()
        }
        return targets.enumerated().map { (index, channel) -> LedgerEvent in
            var event = Oneledger_V1_ChannelDeleted()
            event.channelID = channel.id
            event.name = channel.fields.name
            event.operator = operatorInfo.message
            event.action = action
            event.batchIndex = Int32(index)
            event.batchCount = Int32(targets.count)
            event.keepAbilities = action == "delete_disabled"
            return .channelDeleted(event)
        }
    }
}

/// `POST /api/channel/:id/key` (root): reading a key is itself recorded.
public struct ViewChannelKey: Command {
    public var operatorInfo: Operator
    public var channelID: Int64

    public init(operator operatorInfo: Operator, channelID: Int64) {
        self.operatorInfo = operatorInfo
        self.channelID = channelID
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let channel = try state.channel(id: channelID) else { throw .channelNotFound }
        var event = Oneledger_V1_ChannelKeyViewed()
        event.channelID = channel.id
        event.name = channel.fields.name
        event.operator = operatorInfo.message
        return [.channelKeyViewed(event)]
    }
}

/// `POST /api/channel/fix`: rebuild the abilities from the channels.
public struct RebuildAbilities: Command {
    public var operatorInfo: Operator

    public init(operator operatorInfo: Operator) { self.operatorInfo = operatorInfo }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        var event = Oneledger_V1_AbilitiesRebuilt()
        event.operator = operatorInfo.message
        event.channels = Int32(clamping: try state.channelCount())
        return [.abilitiesRebuilt(event)]
    }
}
