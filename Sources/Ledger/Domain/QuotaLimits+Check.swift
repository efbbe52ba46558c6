extension QuotaLimits {
    /// Refuses a negative amount or one above `maxRequestAmount`, with the reference's messages.
    public static func check(_ quota: Int64) throws(LedgerError) {
        if quota < 0 { throw .quotaNegative }
        if quota > maxRequestAmount { throw .quotaTooLarge }
    }
}
