public import Foundation
public import GRDB
public import Ledger

/// A row of `channels`, shaped as New API's table except that the key is sealed.
public struct ChannelRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "channels"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64
    public var type: Int32
    public var sealedKey: Data
    public var keyFingerprint: String
    public var status: Int32
    public var name: String
    public var weight: Int64
    public var createdTime: Int64
    public var testTime: Int64
    public var responseTime: Int64
    public var baseUrl: String
    public var other: String
    public var balance: Double
    public var balanceUpdatedTime: Int64
    public var models: String
    public var group: String
    public var usedQuota: Int64
    public var modelMapping: String
    public var statusCodeMapping: String
    public var priority: Int64
    public var autoBan: Int32
    public var otherInfo: String
    public var tag: String
    public var setting: String
    public var paramOverride: String
    public var headerOverride: String
    public var remark: String
    public var openaiOrganization: String
    public var testModel: String
    public var settings: String
    public var isMultiKey: Bool
    public var multiKeySize: Int32
    public var multiKeyMode: String

    public var fields: Oneledger_V1_ChannelFields {
        var f = Oneledger_V1_ChannelFields()
        f.type = type
        f.name = name
        f.status = status
        f.models = models
        f.group = group
        f.priority = priority
        f.weight = weight
        f.baseURL = baseUrl
        f.tag = tag
        f.modelMapping = modelMapping
        f.testModel = testModel
        f.autoBan = autoBan
        f.remark = remark
        f.other = other
        f.setting = setting
        f.paramOverride = paramOverride
        f.headerOverride = headerOverride
        f.statusCodeMapping = statusCodeMapping
        f.openaiOrganization = openaiOrganization
        f.settings = settings
        f.otherInfo = otherInfo
        f.isMultiKey = isMultiKey
        f.multiKeySize = multiKeySize
        f.multiKeyMode = multiKeyMode
        return f
    }

    public var snapshot: ChannelSnapshot {
        ChannelSnapshot(id: id, fields: fields, sealedKey: sealedKey, keyFingerprint: keyFingerprint)
    }
}

/// A row of `abilities`.
public struct AbilityRecord: Codable, Sendable, Equatable, FetchableRecord {
    public var group: String
    public var model: String
    public var channelId: Int64
    public var enabled: Bool
    public var priority: Int64
    public var weight: Int64
    public var tag: String

    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
}
