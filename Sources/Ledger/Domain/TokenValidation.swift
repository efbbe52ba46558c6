/// The checks every token create and update runs, in the reference's order, plus OneLedger's
/// own bounds on free-text fields (so nothing unbounded reaches the ledger).
public enum TokenValidation {
    public static let maxNameBytes = 50
    public static let maxModelLimitsBytes = 65_536
    public static let maxAllowIPsBytes = 65_536
    public static let maxGroupBytes = 64
    /// 9999-12-31T23:59:59Z: later expiry times are refused.
    public static let maxExpiredTime: Int64 = 253_402_300_799

    public static func check(_ fields: Oneledger_V1_TokenFields) throws(LedgerError) {
        if fields.name.utf8.count > maxNameBytes { throw .tokenNameTooLong }
        try QuotaLimits.check(fields.remainQuota)
        if fields.modelLimits.utf8.count > maxModelLimitsBytes { throw .invalidInput("model_limits is too long") }
        if fields.allowIps.utf8.count > maxAllowIPsBytes { throw .invalidInput("allow_ips is too long") }
        if fields.group.utf8.count > maxGroupBytes { throw .invalidInput("group is too long") }
        if fields.expiredTime < -1 || fields.expiredTime > maxExpiredTime {
            throw .invalidInput("expired_time must be -1 or a Unix time")
        }
    }
}
