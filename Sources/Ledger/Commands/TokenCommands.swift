import Foundation

/// `POST /api/token/`: a user creates a token. The gateway generated the key and sealed it;
/// only the sealed bytes and the fingerprint reach the decision and the ledger.
public struct CreateToken: Command {
    public var userID: Int64
    public var fields: Oneledger_V1_TokenFields
    public var sealedKey: [UInt8]
    public var keyFingerprint: String

    public init(userID: Int64, fields: Oneledger_V1_TokenFields, sealedKey: [UInt8], keyFingerprint: String) {
        self.userID = userID
        self.fields = fields
        self.sealedKey = sealedKey
        self.keyFingerprint = keyFingerprint
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        var fields = fields
        // GORM's default semantics: an expiry of 0 is stored as "never".
        if fields.expiredTime == 0 { fields.expiredTime = -1 }
        fields.status = TokenStatus.enabled
        try TokenValidation.check(fields)
        guard let user = try state.user(id: userID), !user.deleted else { throw .recordNotFound }
        let limit = Int64(try state.option("token_setting.max_user_tokens") ?? "") ?? 1000
        if try state.tokenCount(userID: user.id) >= limit { throw .tokenLimitReached(limit) }
        var event = Oneledger_V1_TokenCreated()
        event.tokenID = try state.maxTokenID() + 1
        event.userID = user.id
        event.sealedKey = Data(sealedKey)
        event.keyFingerprint = keyFingerprint
        event.fields = fields
        event.createdTime = context.seconds
        return [.tokenCreated(event)]
    }
}

/// `PUT /api/token/`: the owner edits a token. A full edit rewrites every field but the status;
/// a status-only edit changes the status alone. Enabling an expired or exhausted token is refused.
public struct UpdateToken: Command {
    public var userID: Int64
    public var tokenID: Int64
    public var fields: Oneledger_V1_TokenFields
    public var statusOnly: Bool

    public init(userID: Int64, tokenID: Int64, fields: Oneledger_V1_TokenFields, statusOnly: Bool) {
        self.userID = userID
        self.tokenID = tokenID
        self.fields = fields
        self.statusOnly = statusOnly
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        try TokenValidation.check(fields)
        guard let token = try state.token(id: tokenID), token.userID == userID else { throw .recordNotFound }
        let before = token.fields
        if fields.status == TokenStatus.enabled {
            // A status-only enable also meets the expiry and exhaustion that reads derive (TokenStatus.shown).
            let now = context.seconds
            if before.status == TokenStatus.expired || statusOnly, TokenStatus.isPastExpiry(before, at: now) {
                throw .tokenExpiredCannotEnable
            }
            let storedSpent =
                before.status == TokenStatus.exhausted && before.remainQuota <= 0 && !before.unlimitedQuota
            if storedSpent || (statusOnly && TokenStatus.isSpent(before, usedQuota: token.usedQuota)) {
                throw .tokenExhaustedCannotEnable
            }
        }
        var after = before
        if statusOnly {
            guard TokenStatus.all.contains(fields.status) else { throw .invalidInput("status must be 1, 2, 3 or 4") }
            after.status = fields.status
        } else {
            after = fields
            after.status = before.status
        }
        var event = Oneledger_V1_TokenUpdated()
        event.tokenID = tokenID
        event.userID = userID
        event.fields = after
        event.statusOnly = statusOnly
        event.changes = TokenChanges.between(before, after)
        return [.tokenUpdated(event)]
    }
}

/// `DELETE /api/token/:id` and `POST /api/token/batch`: the owner soft-deletes tokens. A single
/// delete of a token that is missing or not the caller's is "record not found"; a batch deletes
/// the caller's tokens among the ids and ignores the rest.
public struct DeleteTokens: Command {
    public var userID: Int64
    public var tokenIDs: [Int64]
    public var batch: Bool

    public init(userID: Int64, tokenIDs: [Int64], batch: Bool) {
        self.userID = userID
        self.tokenIDs = tokenIDs
        self.batch = batch
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        var events: [LedgerEvent] = []
        var seen = Set<Int64>()
        for id in tokenIDs where seen.insert(id).inserted {
            guard let token = try state.token(id: id), token.userID == userID else { continue }
            var event = Oneledger_V1_TokenDeleted()
            event.tokenID = id
            event.userID = userID
            event.name = token.fields.name
            event.batch = batch
            events.append(.tokenDeleted(event))
        }
        if !batch, events.isEmpty { throw .recordNotFound }
        return events
    }
}

/// The before/after pairs of the token fields an edit changed.
enum TokenChanges {
    static func between(_ before: Oneledger_V1_TokenFields, _ after: Oneledger_V1_TokenFields)
        -> [Oneledger_V1_FieldChange]
    {
        let pairs: [(String, String, String)] = [
            ("name", before.name, after.name),
            ("status", "\(before.status)", "\(after.status)"),
            ("expired_time", "\(before.expiredTime)", "\(after.expiredTime)"),
            ("remain_quota", "\(before.remainQuota)", "\(after.remainQuota)"),
            ("unlimited_quota", "\(before.unlimitedQuota)", "\(after.unlimitedQuota)"),
            ("model_limits_enabled", "\(before.modelLimitsEnabled)", "\(after.modelLimitsEnabled)"),
            ("model_limits", before.modelLimits, after.modelLimits),
            ("allow_ips", before.allowIps, after.allowIps),
            ("group", before.group, after.group),
        ]
        return pairs.compactMap { field, old, new in
            guard old != new else { return nil }
            var change = Oneledger_V1_FieldChange()
            change.field = field
            change.before = old
            change.after = new
            return change
        }
    }
}
