/// `POST /api/ledger/reserve`: holds `quota` at once, taken from the user's quota and, for a
/// limited token, the token's remain_quota; refused when either cannot cover it, so no
/// concurrency can overdraw (the single writer decides against the current rows). A repeat of
/// an open hold with the same user, token and quota appends nothing (the relay retried).
public struct ReserveQuota: Command {
    public static let defaultTTL: Int64 = 600
    /// At most 30 days.
    public static let maxTTL: Int64 = 2_592_000
    public var requestID: String
    public var userID: Int64
    public var tokenID: Int64
    public var quota: Int64
    public var modelName: String
    /// Seconds; nil means `defaultTTL`.
    public var ttlSeconds: Int64?

    public init(requestID: String, userID: Int64, tokenID: Int64, quota: Int64, modelName: String, ttlSeconds: Int64?) {
        self.requestID = requestID
        self.userID = userID
        self.tokenID = tokenID
        self.quota = quota
        self.modelName = modelName
        self.ttlSeconds = ttlSeconds
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if let reason = UsageValidation.requestIDProblem(requestID) { throw .invalidField(reason) }
        if let reason = UsageValidation.textProblem("model_name", modelName, maxBytes: 255) {
            throw .invalidField(reason)
        }
        if quota < 0 || quota > UsageValidation.maxAmount {
            throw .invalidField("quota must be an integer from 0 to \(UsageValidation.maxAmount)")
        }
        let ttl = ttlSeconds ?? Self.defaultTTL
        if ttl < 1 || ttl > Self.maxTTL { throw .invalidField("ttl_seconds must be from 1 to \(Self.maxTTL)") }
        if let existing = try state.reservation(requestID: requestID) {
            let retry =
                existing.status == .open && existing.userID == userID && existing.tokenID == tokenID
                && existing.quota == quota && existing.expiresAt > context.seconds
            if retry { return [] }
            throw .requestIDUsed
        }
        if try state.requestSeen(requestID) { throw .requestIDUsed }
        guard userID > 0, let user = try state.billedUser(id: userID) else {
            throw .invalidField("unknown user \(userID)")
        }
        if user.deleted { throw .reservationRefused(.userDeleted(userID)) }
        var unlimited = true
        if tokenID != 0 {
            guard let token = try state.billedToken(id: tokenID) else {
                throw .invalidField("unknown token \(tokenID)")
            }
            if token.userID != userID { throw .invalidField("token \(tokenID) does not belong to user \(userID)") }
            if let refusal = ReservationRefusal.of(token, now: context.seconds) { throw .reservationRefused(refusal) }
            unlimited = token.unlimited
            if !unlimited, token.remainQuota < quota { throw .insufficientTokenQuota }
        }
        if user.status != UserStatus.enabled { throw .reservationRefused(.userBanned) }
        if user.quota < quota { throw .insufficientUserQuota }
        var event = Oneledger_V1_QuotaReserved()
        event.requestID = requestID
        event.userID = userID
        event.tokenID = tokenID
        event.quota = quota
        event.modelName = modelName
        event.expiresAt = context.seconds + ttl
        event.tokenUnlimited = unlimited
        return [.quotaReserved(event)]
    }
}

/// `POST /api/ledger/settle`: closes an open hold with the actual usage. Two events: the hold
/// returned (`ReservationSettled`, with the overage above the hold), then the usage charged as
/// any `UsageRecorded` (its `other` gains `"overage": N` when N > 0). User and token default
/// to the reservation's; naming others is refused. A hold past its expiry counts as closed.
public struct SettleReservation: Command {
    public var record: UsageInput

    public init(record: UsageInput) {
        self.record = record
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if let reason = UsageValidation.requestIDProblem(record.requestID) { throw .invalidField(reason) }
        let hold = try OpenHold.find(record.requestID, state, now: context.seconds)
        var record = record
        if record.userID == 0 { record.userID = hold.userID }
        if record.tokenID == 0 { record.tokenID = hold.tokenID }
        if record.userID != hold.userID || record.tokenID != hold.tokenID {
            throw .usageRecordRefused(index: 0, reason: "user_id and token_id must be the reservation's")
        }
        var lookups = BilledLookups()
        var other = try lookups.check(record, index: 0, state)
        var settled = Oneledger_V1_ReservationSettled()
        settled.requestID = hold.requestID
        settled.userID = hold.userID
        settled.tokenID = hold.tokenID
        settled.reserved = hold.quota
        settled.overage = max(0, record.quota - hold.quota)
        settled.tokenUnlimited = hold.tokenUnlimited
        // A usage recorded meanwhile under this id through /usage already charged it.
        guard try !state.requestSeen(record.requestID) else { return [.reservationSettled(settled)] }
        if settled.overage > 0 {
            record.other = UsageOther.merging(overage: settled.overage, into: record.other)
            other = UsageOther.parse(record.other) ?? other
        }
        return [.reservationSettled(settled), .usageRecorded(record.event(other: other, now: context.seconds))]
    }
}

/// `POST /api/ledger/release`: returns the whole of an open hold.
public struct ReleaseReservation: Command {
    public var requestID: String

    public init(requestID: String) {
        self.requestID = requestID
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if let reason = UsageValidation.requestIDProblem(requestID) { throw .invalidField(reason) }
        let hold = try OpenHold.find(requestID, state, now: context.seconds)
        var event = Oneledger_V1_ReservationReleased()
        event.requestID = hold.requestID
        event.userID = hold.userID
        event.tokenID = hold.tokenID
        event.reserved = hold.quota
        event.tokenUnlimited = hold.tokenUnlimited
        return [.reservationReleased(event)]
    }
}

/// The writer's own command (its expiry service runs it): returns every open hold whose expiry
/// is at or before `now` (Unix seconds), at most `limit` per command.
public struct ExpireReservations: Command {
    public var now: Int64
    public var limit: Int

    public init(now: Int64, limit: Int = 1_000) {
        self.now = now
        self.limit = limit
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        try state.expiredReservations(at: now, limit: limit).map { hold in
            var event = Oneledger_V1_ReservationExpired()
            event.requestID = hold.requestID
            event.userID = hold.userID
            event.tokenID = hold.tokenID
            event.reserved = hold.quota
            event.tokenUnlimited = hold.tokenUnlimited
            return .reservationExpired(event)
        }
    }
}

/// Finds the hold a settle or release closes.
enum OpenHold {
    static func find(_ requestID: String, _ state: some DecisionState, now: Int64) throws(LedgerError)
        -> ReservationSnapshot
    {
        guard let hold = try state.reservation(requestID: requestID), hold.status == .open, hold.expiresAt > now else {
            throw .reservationNotFound
        }
        return hold
    }
}
