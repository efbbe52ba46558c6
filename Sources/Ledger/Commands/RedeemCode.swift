/// `POST /api/user/topup`: a user redeems a code. Checking the code (exists, unused, not
/// expired), marking it used and crediting the user are one decision of the serial writer, so
/// however many requests race for one code, exactly one succeeds and exactly one credit lands.
public struct RedeemCode: Command {
    public var userID: Int64
    /// SHA-256 (hex) of the key the user typed.
    public var keyFingerprint: String

    public init(userID: Int64, keyFingerprint: String) {
        self.userID = userID
        self.keyFingerprint = keyFingerprint
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let code = try state.redemption(fingerprint: keyFingerprint) else { throw .redemptionInvalid }
        if code.status != RedemptionStatus.enabled { throw .redemptionUsed }
        if code.isExpired(at: context.seconds) { throw .redemptionExpired }
        guard let user = try state.user(id: userID), !user.deleted else { throw .userNotFound }
        let (after, overflow) = user.quota.addingReportingOverflow(code.quota)
        if overflow { throw .quotaOverflow }
        var event = Oneledger_V1_RedemptionCodeRedeemed()
        event.redemptionID = code.id
        event.userID = user.id
        event.username = user.username
        event.quota = code.quota
        event.quotaBefore = user.quota
        event.quotaAfter = after
        event.redeemedTime = context.seconds
        event.logQuota = try state.quotaText().render(code.quota)
        return [.redemptionCodeRedeemed(event)]
    }
}
