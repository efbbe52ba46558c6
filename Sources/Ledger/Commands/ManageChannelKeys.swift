import Foundation

/// `POST /api/channel/multi_key/manage` (every action but `get_key_status`): enable, disable or
/// delete keys of a multi-key channel. A change that changes nothing appends nothing.
public struct ManageChannelKeys: Command {
    public enum Action: String, Sendable, CaseIterable {
        case disableKey = "disable_key"
        case enableKey = "enable_key"
        case enableAllKeys = "enable_all_keys"
        case disableAllKeys = "disable_all_keys"
        case deleteKey = "delete_key"
        case deleteDisabledKeys = "delete_disabled_keys"
    }

    /// The remaining keys after a deletion, sealed by the caller from the key list whose
    /// fingerprint is `basedOn`; `removed` names the indexes the caller took out.
    public struct Rekey: Sendable, Equatable {
        public var removed: [Int32]
        public var sealed: [UInt8]
        public var fingerprint: String
        public var basedOn: String

        public init(removed: [Int32], sealed: [UInt8], fingerprint: String, basedOn: String) {
            self.removed = removed
            self.sealed = sealed
            self.fingerprint = fingerprint
            self.basedOn = basedOn
        }
    }

    public var operatorInfo: Operator
    public var channelID: Int64
    public var action: Action
    public var keyIndex: Int32?
    public var rekey: Rekey?

    public init(
        operator operatorInfo: Operator, channelID: Int64, action: Action, keyIndex: Int32?, rekey: Rekey? = nil
    ) {
        self.operatorInfo = operatorInfo
        self.channelID = channelID
        self.action = action
        self.keyIndex = keyIndex
        self.rekey = rekey
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let channel = try state.channel(id: channelID) else { throw .channelNotFound }
        guard channel.fields.isMultiKey else { throw .channelNotMultiKey }
        let size = channel.fields.multiKeySize
        var statuses = channel.keyStatuses.filter { $0.key < size }
        var count: Int32 = 0
        var removed: [Int32] = []
        switch action {
        case .disableKey:
            let index = try checkedIndex(size)
            if statuses[index]?.status != ChannelStatus.manuallyDisabled {
                statuses[index] = Self.disabled(at: context.seconds)
                count = 1
            }
        case .enableKey:
            let index = try checkedIndex(size)
            if statuses.removeValue(forKey: index) != nil { count = 1 }
        case .enableAllKeys:
            count = Int32(statuses.count)
            statuses = [:]
        case .disableAllKeys:
            for index in 0..<size where statuses[index] == nil {
                statuses[index] = Self.disabled(at: context.seconds)
                count += 1
            }
            if count == 0 { throw .noKeyToDisable }
        case .deleteKey:
            let index = try checkedIndex(size)
            if size <= 1 { throw .cannotDeleteLastKey }
            removed = [index]
        case .deleteDisabledKeys:
            removed = statuses.filter { $0.value.status == ChannelStatus.autoDisabled }.keys.sorted()
            if removed.isEmpty { throw .noDisabledKeyToDelete }
        }
        var event = Oneledger_V1_ChannelKeysManaged()
        if !removed.isEmpty {
            guard let rekey, rekey.basedOn == channel.keyFingerprint, rekey.removed == removed else {
                throw .channelKeysChanged
            }
            statuses = Self.reindexed(statuses, removing: removed)
            count = Int32(removed.count)
            event.sealedKey = Data(rekey.sealed)
            event.keyFingerprint = rekey.fingerprint
            event.previousKeyFingerprint = channel.keyFingerprint
        }
        if count == 0 { return [] }
        event.channelID = channel.id
        event.name = channel.fields.name
        event.action = action.rawValue
        event.keyIndex = keyIndex ?? -1
        event.statuses = statuses
        event.multiKeySize = size - Int32(removed.count)
        event.count = count
        event.operator = operatorInfo.message
        return [.channelKeysManaged(event)]
    }

    private func checkedIndex(_ size: Int32) throws(LedgerError) -> Int32 {
        guard let keyIndex else { throw .keyIndexMissing(action) }
        guard keyIndex >= 0, keyIndex < size else { throw .keyIndexOutOfRange }
        return keyIndex
    }

    static func disabled(at seconds: Int64) -> Oneledger_V1_ChannelKeyStatus {
        var status = Oneledger_V1_ChannelKeyStatus()
        status.status = ChannelStatus.manuallyDisabled
        status.disabledTime = seconds
        return status
    }

    /// The statuses of the keys that remain, renumbered as the keys close up.
    static func reindexed(
        _ statuses: [Int32: Oneledger_V1_ChannelKeyStatus], removing removed: [Int32]
    ) -> [Int32: Oneledger_V1_ChannelKeyStatus] {
        var result: [Int32: Oneledger_V1_ChannelKeyStatus] = [:]
        for (index, status) in statuses where !removed.contains(index) {
            result[index - Int32(removed.filter { $0 < index }.count)] = status
        }
        return result
    }
}
