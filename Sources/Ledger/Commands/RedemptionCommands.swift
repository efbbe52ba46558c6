import Foundation

/// `POST /api/redemption/` (admin): generate a batch of codes. The gateway generated and sealed
/// one key per code; `keys` holds (sealed key, fingerprint) pairs, one per code.
public struct CreateRedemptionCodes: Command {
    public var operatorInfo: Operator
    public var name: String
    public var quota: Int64
    public var expiredTime: Int64
    public var keys: [(sealed: [UInt8], fingerprint: String)]

    public init(
        operator operatorInfo: Operator, name: String, quota: Int64, expiredTime: Int64,
        keys: [(sealed: [UInt8], fingerprint: String)]
    ) {
        self.operatorInfo = operatorInfo
        self.name = name
        self.quota = quota
        self.expiredTime = expiredTime
        self.keys = keys
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        try RedemptionValidation.checkName(name)
        if keys.isEmpty { throw .redemptionCountTooSmall }
        if keys.count > RedemptionValidation.maxCount { throw .redemptionCountTooLarge }
        try QuotaLimits.check(quota)
        try RedemptionValidation.checkExpiry(expiredTime, now: context.seconds)
        let logQuota = try state.quotaText().render(quota)
        let firstID = try state.maxRedemptionID() + 1
        var events: [LedgerEvent] = []
        for (index, key) in keys.enumerated() {
            if try state.redemption(fingerprint: key.fingerprint) != nil { throw .invalidInput("duplicate key") }
            var event = Oneledger_V1_RedemptionCodeCreated()
            event.redemptionID = firstID + Int64(index)
            event.creatorID = operatorInfo.id
            event.sealedKey = Data(key.sealed)
            event.keyFingerprint = key.fingerprint
            event.name = name
            event.quota = quota
            event.expiredTime = expiredTime
            event.createdTime = context.seconds
            event.batchIndex = Int32(index)
            event.batchCount = Int32(keys.count)
            event.operator = operatorInfo.message
            event.logQuota = logQuota
            events.append(.redemptionCodeCreated(event))
        }
        return events
    }
}

/// `PUT /api/redemption/` (admin): a full edit sets name, quota and expiry; a status-only edit
/// sets the status alone.
public struct UpdateRedemptionCode: Command {
    public var operatorInfo: Operator
    public var redemptionID: Int64
    public var name: String
    public var status: Int32
    public var quota: Int64
    public var expiredTime: Int64
    public var statusOnly: Bool

    public init(
        operator operatorInfo: Operator, redemptionID: Int64, name: String, status: Int32, quota: Int64,
        expiredTime: Int64, statusOnly: Bool
    ) {
        self.operatorInfo = operatorInfo
        self.redemptionID = redemptionID
        self.name = name
        self.status = status
        self.quota = quota
        self.expiredTime = expiredTime
        self.statusOnly = statusOnly
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let code = try state.redemption(id: redemptionID) else { throw .recordNotFound }
        var after = code
        if statusOnly {
            guard (1...3).contains(status) else { throw .invalidInput("status must be 1, 2 or 3") }
            after.status = status
        } else {
            try RedemptionValidation.checkName(name)
            try QuotaLimits.check(quota)
            try RedemptionValidation.checkExpiry(expiredTime, now: context.seconds)
            after.name = name
            after.quota = quota
            after.expiredTime = expiredTime
        }
        var event = Oneledger_V1_RedemptionCodeUpdated()
        event.redemptionID = code.id
        event.name = after.name
        event.status = after.status
        event.quota = after.quota
        event.expiredTime = after.expiredTime
        event.statusOnly = statusOnly
        event.operator = operatorInfo.message
        let pairs: [(String, String, String)] = [
            ("name", code.name, after.name), ("status", "\(code.status)", "\(after.status)"),
            ("quota", "\(code.quota)", "\(after.quota)"),
            ("expired_time", "\(code.expiredTime)", "\(after.expiredTime)"),
        ]
        for (field, old, new) in pairs where old != new {
            var change = Oneledger_V1_FieldChange()
            change.field = field
            change.before = old
            change.after = new
            event.changes.append(change)
        }
        return [.redemptionCodeUpdated(event)]
    }
}

/// `DELETE /api/redemption/:id` (one code) and `DELETE /api/redemption/invalid` (every used,
/// disabled or expired code; `redemptionID` nil). Soft deletes.
public struct DeleteRedemptionCodes: Command {
    public var operatorInfo: Operator
    public var redemptionID: Int64?

    public init(operator operatorInfo: Operator, redemptionID: Int64?) {
        self.operatorInfo = operatorInfo
        self.redemptionID = redemptionID
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        let codes: [RedemptionSnapshot]
        if let redemptionID {
            guard let code = try state.redemption(id: redemptionID) else { throw .recordNotFound }
            codes = [code]
        } else {
            codes = try state.invalidRedemptions(now: context.seconds)
        }
        return codes.enumerated().map { (index, code) -> LedgerEvent in
            var event = Oneledger_V1_RedemptionCodeDeleted()
            event.redemptionID = code.id
            event.name = code.name
            event.operator = operatorInfo.message
            event.invalidSweep = redemptionID == nil
            event.sweepIndex = Int32(index)
            event.sweepCount = Int32(codes.count)
            return .redemptionCodeDeleted(event)
        }
    }
}

/// Bounds of redemption input, with the reference's messages.
public enum RedemptionValidation {
    public static let maxCount = 100

    public static func checkName(_ name: String) throws(LedgerError) {
        if name.isEmpty || name.count > 20 { throw .redemptionNameLength }
    }

    public static func checkExpiry(_ expiredTime: Int64, now: Int64) throws(LedgerError) {
        if expiredTime < 0 || expiredTime > TokenValidation.maxExpiredTime {
            throw .invalidInput("expired_time must be 0 or a Unix time")
        }
        if expiredTime != 0, expiredTime < now { throw .expiryInPast }
    }
}
