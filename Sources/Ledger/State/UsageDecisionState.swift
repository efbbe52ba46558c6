/// What usage and reservation decisions read: whether a request id was ever recorded, the
/// billed user, token and channel (light rows, soft-deleted ones included: a usage that
/// happened is recorded even if its token was deleted meanwhile), and the reservations.
public protocol UsageDecisionState {
    /// Whether a usage with this request id was recorded at any point of the ledger's history.
    func requestSeen(_ requestID: String) throws(LedgerError) -> Bool
    func billedUser(id: Int64) throws(LedgerError) -> BilledUser?
    func billedToken(id: Int64) throws(LedgerError) -> BilledToken?
    func channelExists(id: Int64) throws(LedgerError) -> Bool
    /// The reservation with this request id, whatever its status.
    func reservation(requestID: String) throws(LedgerError) -> ReservationSnapshot?
    /// Open reservations whose `expiresAt` is at or before `now` (Unix seconds), oldest first.
    func expiredReservations(at now: Int64, limit: Int) throws(LedgerError) -> [ReservationSnapshot]
}

/// The user facts a charge needs.
public struct BilledUser: Sendable, Equatable {
    public var id: Int64
    public var quota: Int64
    public var deleted: Bool
    /// `UserStatus`; a reservation needs an enabled user.
    public var status: Int32

    public init(id: Int64, quota: Int64, deleted: Bool = false, status: Int32 = UserStatus.enabled) {
        self.id = id
        self.quota = quota
        self.deleted = deleted
        self.status = status
    }
}

/// The token facts a charge needs.
public struct BilledToken: Sendable, Equatable {
    public var id: Int64
    public var userID: Int64
    public var remainQuota: Int64
    public var unlimited: Bool
    public var deleted: Bool
    /// The stored `TokenStatus`; a reservation needs a usable token.
    public var status: Int32
    /// Unix seconds, -1 never.
    public var expiredTime: Int64

    public init(
        id: Int64, userID: Int64, remainQuota: Int64, unlimited: Bool, deleted: Bool = false,
        status: Int32 = TokenStatus.enabled, expiredTime: Int64 = -1
    ) {
        self.id = id
        self.userID = userID
        self.remainQuota = remainQuota
        self.unlimited = unlimited
        self.deleted = deleted
        self.status = status
        self.expiredTime = expiredTime
    }
}

/// One hold as the reservations read model keeps it.
public struct ReservationSnapshot: Sendable, Equatable {
    public var requestID: String
    public var userID: Int64
    public var tokenID: Int64
    public var quota: Int64
    public var tokenUnlimited: Bool
    /// Unix seconds.
    public var expiresAt: Int64
    public var status: ReservationStatus

    public init(
        requestID: String, userID: Int64, tokenID: Int64, quota: Int64, tokenUnlimited: Bool, expiresAt: Int64,
        status: ReservationStatus
    ) {
        self.requestID = requestID
        self.userID = userID
        self.tokenID = tokenID
        self.quota = quota
        self.tokenUnlimited = tokenUnlimited
        self.expiresAt = expiresAt
        self.status = status
    }
}

/// Where a hold is in its life; the raw values are stored in `reservations.status`.
public enum ReservationStatus: Int32, Sendable {
    case open = 0
    case settled = 1
    case released = 2
    case expired = 3
}
