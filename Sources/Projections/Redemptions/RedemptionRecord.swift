public import Foundation
public import GRDB
public import Ledger

/// A row of `redemptions`, shaped as New API's table except that the key is sealed.
/// `user_id` is the admin who created the code.
public struct RedemptionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "redemptions"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64
    public var userId: Int64
    public var sealedKey: Data
    public var keyFingerprint: String
    public var status: Int32
    public var name: String
    public var quota: Int64
    public var createdTime: Int64
    public var redeemedTime: Int64
    public var usedUserId: Int64
    public var expiredTime: Int64
    public var deletedAt: String?

    public var snapshot: RedemptionSnapshot {
        RedemptionSnapshot(id: id, name: name, status: status, quota: quota, expiredTime: expiredTime)
    }
}
