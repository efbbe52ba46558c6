/// What redemption decisions read: live (not soft-deleted) codes and the id counter.
public protocol RedemptionDecisionState {
    /// A live code by id.
    func redemption(id: Int64) throws(LedgerError) -> RedemptionSnapshot?
    /// The live code whose key has this SHA-256 fingerprint.
    func redemption(fingerprint: String) throws(LedgerError) -> RedemptionSnapshot?
    /// Live codes that are used, disabled, or enabled but past their expiry at `now` (seconds).
    func invalidRedemptions(now: Int64) throws(LedgerError) -> [RedemptionSnapshot]
    /// The largest redemption id ever assigned (0 when none).
    func maxRedemptionID() throws(LedgerError) -> Int64
}

/// The facts about one redemption code that decisions need (everything but its sealed key).
public struct RedemptionSnapshot: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var status: Int32
    public var quota: Int64
    /// Unix seconds; 0 = never.
    public var expiredTime: Int64

    public init(id: Int64, name: String, status: Int32, quota: Int64, expiredTime: Int64) {
        self.id = id
        self.name = name
        self.status = status
        self.quota = quota
        self.expiredTime = expiredTime
    }

    public func isExpired(at now: Int64) -> Bool { expiredTime != 0 && expiredTime < now }
}

/// Redemption statuses (`common/constants.go`).
public enum RedemptionStatus {
    public static let enabled: Int32 = 1
    public static let disabled: Int32 = 2
    public static let used: Int32 = 3
}
