public import Foundation

/// What channel decisions read: channels by id or tag, the disabled ones, and the id counter.
public protocol ChannelDecisionState {
    func channel(id: Int64) throws(LedgerError) -> ChannelSnapshot?
    func channels(tag: String) throws(LedgerError) -> [ChannelSnapshot]
    /// Channels with status 2 (manually) or 3 (automatically) disabled.
    func disabledChannels() throws(LedgerError) -> [ChannelSnapshot]
    func channelCount() throws(LedgerError) -> Int64
    /// The largest channel id ever assigned (0 when none).
    func maxChannelID() throws(LedgerError) -> Int64
}

/// The facts about one channel that decisions need; the key only sealed.
public struct ChannelSnapshot: Sendable, Equatable {
    public var id: Int64
    public var fields: Oneledger_V1_ChannelFields
    public var sealedKey: Data
    public var keyFingerprint: String
    /// The keys of a multi-key channel that are not enabled, by index (absent = enabled).
    public var keyStatuses: [Int32: Oneledger_V1_ChannelKeyStatus]

    public init(
        id: Int64, fields: Oneledger_V1_ChannelFields, sealedKey: Data, keyFingerprint: String,
        keyStatuses: [Int32: Oneledger_V1_ChannelKeyStatus] = [:]
    ) {
        self.id = id
        self.fields = fields
        self.sealedKey = sealedKey
        self.keyFingerprint = keyFingerprint
        self.keyStatuses = keyStatuses
    }
}

/// Channel statuses (`common/constants.go`).
public enum ChannelStatus {
    public static let enabled: Int32 = 1
    public static let manuallyDisabled: Int32 = 2
    public static let autoDisabled: Int32 = 3
}
