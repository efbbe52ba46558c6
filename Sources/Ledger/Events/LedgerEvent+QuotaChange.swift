/// What one event did to one user's quota, as audits and reconciliation list it: the signed
/// change, the admin who made it (when one did) and a one-line description.
public struct QuotaChange: Sendable, Equatable {
    public var delta: Int64
    /// The acting admin of an adjustment or an admin-created account.
    public var operatorID: Int64?
    public var detail: String

    public init(delta: Int64, operatorID: Int64? = nil, detail: String) {
        self.delta = delta
        self.operatorID = operatorID
        self.detail = detail
    }
}

extension LedgerEvent {
    /// The wire names of every type `quotaDelta(user:)` can answer for: a scan for quota changes
    /// decodes only these.
    public static let quotaTypes: Set<String> = [
        Oneledger_V1_UserRegistered.wireName, Oneledger_V1_InviterRewarded.wireName,
        Oneledger_V1_UserQuotaAdjusted.wireName, Oneledger_V1_RedemptionCodeRedeemed.wireName,
        Oneledger_V1_UsageRecorded.wireName, Oneledger_V1_QuotaReserved.wireName,
        Oneledger_V1_ReservationSettled.wireName, Oneledger_V1_ReservationReleased.wireName,
        Oneledger_V1_ReservationExpired.wireName, Oneledger_V1_UserImported.wireName,
        Oneledger_V1_TopUpOrderCompleted.wireName, Oneledger_V1_AffQuotaTransferred.wireName,
    ]

    /// The signed change this event made to `user`'s quota, nil when none; `quotaChange(user:)`
    /// without the description, cheap enough for every event a projection applies.
    public func quotaDelta(user: Int64) -> Int64? {
        switch self {
        case .userRegistered(let e) where e.userID == user: e.quota
        case .inviterRewarded(let e) where e.userID == user: 0
        case .userQuotaAdjusted(let e) where e.userID == user: e.quotaAfter - e.quotaBefore
        case .redemptionCodeRedeemed(let e) where e.userID == user: e.quotaAfter - e.quotaBefore
        case .usageRecorded(let e) where e.userID == user: -e.quota
        case .quotaReserved(let e) where e.userID == user: -e.quota
        case .reservationSettled(let e) where e.userID == user: e.reserved
        case .reservationReleased(let e) where e.userID == user: e.reserved
        case .reservationExpired(let e) where e.userID == user: e.reserved
        case .userImported(let e) where e.userID == user: e.quota
        case .topUpOrderCompleted(let e) where e.userID == user: e.quotaAfter - e.quotaBefore
        case .affQuotaTransferred(let e) where e.userID == user: e.quotaAfter - e.quotaBefore
        default: nil
        }
    }

    /// The change this event made to `user`'s quota; nil when it left that quota alone.
    ///
    /// Every event the users read model folds into `quota` answers here (registration with its
    /// rewards or an imported account's quota, admin adjustments, redemptions, epay top-ups,
    /// invite quota moved into quota, usage, holds and their settle, release or expiry), so
    /// opening balance plus the sum of the deltas is the balance; an invite reward goes to
    /// `aff_quota` and is listed with delta 0. Nothing else returns quota: the only refunds are
    /// a hold's settle (the hold back, the usage charged on its own), release or expiry.
    public func quotaChange(user: Int64) -> QuotaChange? {
        switch self {
        case .userRegistered(let e) where e.userID == user:
            QuotaChange(
                delta: e.quota, operatorID: e.hasOperator ? e.operator.userID : nil,
                detail: "registered (\(e.via)): new-user reward \(e.newUserReward), invitee reward \(e.inviteeReward)")
        case .inviterRewarded(let e) where e.userID == user:
            QuotaChange(delta: 0, detail: "invite reward for user \(e.inviteeID): aff_quota +\(e.reward)")
        case .userQuotaAdjusted(let e) where e.userID == user:
            QuotaChange(
                delta: e.quotaAfter - e.quotaBefore, operatorID: e.operator.userID,
                detail:
                    "admin \(e.mode) \(e.amount) by \(e.operator.username) (id \(e.operator.userID)): \(e.quotaBefore) → \(e.quotaAfter)"
            )
        case .redemptionCodeRedeemed(let e) where e.userID == user:
            QuotaChange(delta: e.quotaAfter - e.quotaBefore, detail: "redeemed code \(e.redemptionID) for \(e.quota)")
        case .usageRecorded(let e) where e.userID == user:
            QuotaChange(
                delta: -e.quota,
                detail:
                    "usage \(e.modelName) token \(e.tokenID) channel \(e.channelID) request \(e.requestID): \(e.promptTokens)+\(e.completionTokens) tokens"
            )
        case .quotaReserved(let e) where e.userID == user:
            QuotaChange(delta: -e.quota, detail: "hold \(e.requestID) on token \(e.tokenID) until \(e.expiresAt)")
        case .reservationSettled(let e) where e.userID == user:
            QuotaChange(delta: e.reserved, detail: "hold \(e.requestID) settled: returned, overage \(e.overage)")
        case .reservationReleased(let e) where e.userID == user:
            QuotaChange(delta: e.reserved, detail: "hold \(e.requestID) released")
        case .reservationExpired(let e) where e.userID == user:
            QuotaChange(delta: e.reserved, detail: "hold \(e.requestID) expired")
        case .userImported(let e) where e.userID == user:
            QuotaChange(
                delta: e.quota,
                detail: "imported from \(e.origin.source) \(e.origin.file), \(e.origin.table) row \(e.origin.rowID)")
        case .topUpOrderCompleted(let e) where e.userID == user:
            QuotaChange(
                delta: e.quotaAfter - e.quotaBefore,
                detail:
                    "top-up order \(e.orderID) trade \(e.tradeNo) (\(e.paymentMethod), gateway trade \(e.gatewayTradeNo)): +\(e.quota) for \(e.money), \(e.quotaBefore) → \(e.quotaAfter)"
            )
        case .affQuotaTransferred(let e) where e.userID == user:
            QuotaChange(
                delta: e.quotaAfter - e.quotaBefore,
                detail:
                    "invite quota transferred: +\(e.quota), aff_quota \(e.affQuotaBefore) → \(e.affQuotaAfter), quota \(e.quotaBefore) → \(e.quotaAfter)"
            )
        default:
            nil
        }
    }
}
