public import Foundation
public import GRDB
public import Ledger

/// A row of `tokens`, shaped as New API's table except that the key is sealed
/// (`sealed_key`) and found by `key_fingerprint`.
public struct TokenRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "tokens"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64
    public var userId: Int64
    public var sealedKey: Data
    public var keyFingerprint: String
    public var status: Int32
    public var name: String
    public var createdTime: Int64
    public var accessedTime: Int64
    public var expiredTime: Int64
    public var remainQuota: Int64
    public var unlimitedQuota: Bool
    public var modelLimitsEnabled: Bool
    public var modelLimits: String
    public var allowIps: String
    public var usedQuota: Int64
    public var group: String
    public var crossGroupRetry: Bool
    public var deletedAt: String?

    /// The editable fields, as decisions see them.
    public var fields: Oneledger_V1_TokenFields {
        var fields = Oneledger_V1_TokenFields()
        fields.name = name
        fields.status = status
        fields.expiredTime = expiredTime
        fields.remainQuota = remainQuota
        fields.unlimitedQuota = unlimitedQuota
        fields.modelLimitsEnabled = modelLimitsEnabled
        fields.modelLimits = modelLimits
        fields.allowIps = allowIps
        fields.group = group
        return fields
    }
}
