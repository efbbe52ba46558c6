/// Why `ReserveQuota` refuses a token or user that exists: the checks New API's relay makes
/// before it pre-charges (`ValidateUserToken`, then the user's status), in that order.
public enum ReservationRefusal: Sendable, Equatable {
    case tokenDeleted(Int64)
    case tokenDisabled
    case tokenExpired
    case tokenExhausted
    case userDeleted(Int64)
    case userBanned

    /// The first reason `token` cannot be billed at `now` (Unix seconds), or nil when it can:
    /// a stored status of exhausted or expired, another status than enabled, an expiry that has
    /// passed, a limited token with nothing left.
    static func of(_ token: BilledToken, now: Int64) -> ReservationRefusal? {
        if token.deleted { return .tokenDeleted(token.id) }
        switch token.status {
        case TokenStatus.exhausted: return .tokenExhausted
        case TokenStatus.expired: return .tokenExpired
        case TokenStatus.enabled: break
        default: return .tokenDisabled
        }
        if token.expiredTime != -1, token.expiredTime <= now { return .tokenExpired }
        if !token.unlimited, token.remainQuota <= 0 { return .tokenExhausted }
        return nil
    }
}

extension ReservationRefusal: CustomStringConvertible {
    public var description: String {
        switch self {
        case .tokenDeleted(let id): "token \(id) has been deleted"
        case .tokenDisabled: "This token status is unavailable"
        case .tokenExpired: "This token has expired"
        case .tokenExhausted: "This token's quota has been used up"
        case .userDeleted(let id): "user \(id) has been deleted"
        case .userBanned: "User has been banned"
        }
    }
}
