import Foundation

/// `POST /api/user/pay`: a pending online top-up order. The gateway computed the price and the
/// trade number; the decision only checks that the user exists and the number is fresh.
public struct CreateTopUpOrder: Command {
    public var userID: Int64
    public var tradeNo: String
    public var amount: Int64
    public var money: Double
    public var paymentMethod: String

    public init(userID: Int64, tradeNo: String, amount: Int64, money: Double, paymentMethod: String) {
        self.userID = userID
        self.tradeNo = tradeNo
        self.amount = amount
        self.money = money
        self.paymentMethod = paymentMethod
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID), !user.deleted else { throw .userNotFound }
        guard try state.topUpOrder(tradeNo: tradeNo) == nil, amount > 0, money.isFinite else {
            throw .topUpOrderFailed
        }
        var event = Oneledger_V1_TopUpOrderCreated()
        event.userID = user.id
        event.orderID = try state.maxTopUpOrderID() + 1
        event.tradeNo = tradeNo
        event.amount = amount
        event.money = money
        event.paymentMethod = paymentMethod
        event.createTime = context.seconds
        return [.topUpOrderCreated(event)]
    }
}

/// `GET /api/user/epay/notify` with a valid signature and `TRADE_SUCCESS`: the pending order is
/// marked paid and its user credited `amount × QuotaPerUnit`. Idempotent by trade number: an
/// order already paid appends nothing, so a repeated callback never credits twice.
public struct CompleteTopUpOrder: Command {
    public var tradeNo: String
    /// The gateway's own trade number and the payment type it reports.
    public var gatewayTradeNo: String
    public var callbackPaymentMethod: String

    public init(tradeNo: String, gatewayTradeNo: String, callbackPaymentMethod: String) {
        self.tradeNo = tradeNo
        self.gatewayTradeNo = gatewayTradeNo
        self.callbackPaymentMethod = callbackPaymentMethod
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let order = try state.topUpOrder(tradeNo: tradeNo) else { throw .topUpOrderNotFound }
        guard order.status == TopUpStatus.pending else { return [] }
        guard let user = try state.user(id: order.userID) else { throw .userNotFound }
        let text = try state.quotaText()
        // New API: decimal(amount) × decimal(QuotaPerUnit), integer part.
        let product = Double(order.amount) * text.quotaPerUnit
        guard product.isFinite, product < 9.2e18 else { throw .quotaOverflow }
        let quota = Int64(product.rounded(.towardZero))
        let (after, overflow) = user.quota.addingReportingOverflow(quota)
        if overflow { throw .quotaOverflow }
        var event = Oneledger_V1_TopUpOrderCompleted()
        event.userID = user.id
        event.orderID = order.id
        event.tradeNo = order.tradeNo
        event.quota = quota
        event.quotaBefore = user.quota
        event.quotaAfter = after
        event.money = order.money
        event.completeTime = context.seconds
        event.username = user.username
        event.logQuota = text.render(quota)
        event.paymentMethod = order.paymentMethod
        event.gatewayTradeNo = String(gatewayTradeNo.prefix(128))
        event.callbackPaymentMethod = String(callbackPaymentMethod.prefix(64))
        return [.topUpOrderCompleted(event)]
    }
}

/// A payment callback whose signature did not verify: recorded on the order it names, so the
/// attempt is auditable; it credits nothing. A callback naming no known order appends nothing.
public struct RecordRejectedTopUpNotify: Command {
    public var tradeNo: String
    public var reason: String
    public var tradeStatus: String

    public init(tradeNo: String, reason: String, tradeStatus: String) {
        self.tradeNo = tradeNo
        self.reason = reason
        self.tradeStatus = tradeStatus
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard !tradeNo.isEmpty, let order = try state.topUpOrder(tradeNo: tradeNo) else { return [] }
        var event = Oneledger_V1_TopUpNotifyRejected()
        event.userID = order.userID
        event.orderID = order.id
        event.tradeNo = order.tradeNo
        event.reason = reason
        event.tradeStatus = String(tradeStatus.prefix(64))
        return [.topUpNotifyRejected(event)]
    }
}

/// `POST /api/user/aff_transfer`: invite quota moves to usable quota, at least one unit
/// (`QuotaPerUnit`) and at most what `aff_quota` holds.
public struct TransferAffQuota: Command {
    public var userID: Int64
    public var quota: Int64

    public init(userID: Int64, quota: Int64) {
        self.userID = userID
        self.quota = quota
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        let text = try state.quotaText()
        if Double(quota) < text.quotaPerUnit {
            throw .affTransferTooSmall(text.render(Int64(text.quotaPerUnit.rounded(.towardZero))))
        }
        guard let user = try state.user(id: userID), !user.deleted else { throw .userNotFound }
        if user.affQuota < quota { throw .affQuotaInsufficient }
        let (after, overflow) = user.quota.addingReportingOverflow(quota)
        if overflow { throw .quotaOverflow }
        var event = Oneledger_V1_AffQuotaTransferred()
        event.userID = userID
        event.quota = quota
        event.affQuotaBefore = user.affQuota
        event.affQuotaAfter = user.affQuota - quota
        event.quotaBefore = user.quota
        event.quotaAfter = after
        return [.affQuotaTransferred(event)]
    }
}
