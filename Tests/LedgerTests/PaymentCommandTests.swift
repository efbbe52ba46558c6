import Testing

@testable import Ledger

/// Top-up orders, their callbacks, invite transfers and e-mail commands, decided as input → output.
@Suite struct PaymentCommandTests {
    static let context = CommandContext(actorID: 3, now: 1_700_000_000_000)

    @Test func aPaidOrderIsCreditedOnceAndAnUnknownOneIsRefused() throws {
        var state = FakeState.withRootAdminAndUser
        state.topUpOrders["T1"] = TopUpOrderSnapshot(
            id: 1, userID: 3, tradeNo: "T1", amount: 2, money: 14.6, paymentMethod: "alipay", status: "pending")
        let events = try CompleteTopUpOrder(tradeNo: "T1", gatewayTradeNo: "G", callbackPaymentMethod: "alipay")
            .decide(state, context: Self.context)
        guard case .topUpOrderCompleted(let e) = events.first else { throw TestFailure("no completion") }
        #expect(e.quota == 1_000_000 && e.quotaBefore == 1_000 && e.quotaAfter == 1_001_000)
        #expect(e.logQuota == "＄2.000000 额度")
        state.topUpOrders["T1"]?.status = TopUpStatus.success
        #expect(
            try CompleteTopUpOrder(tradeNo: "T1", gatewayTradeNo: "G", callbackPaymentMethod: "")
                .decide(state, context: Self.context).isEmpty)
        #expect(throws: LedgerError.topUpOrderNotFound) {
            try CompleteTopUpOrder(tradeNo: "T9", gatewayTradeNo: "", callbackPaymentMethod: "")
                .decide(state, context: Self.context)
        }
        #expect(
            try RecordRejectedTopUpNotify(tradeNo: "T9", reason: "x", tradeStatus: "").decide(
                state, context: Self.context
            ).isEmpty)
        #expect(throws: LedgerError.topUpOrderFailed) {
            try CreateTopUpOrder(userID: 3, tradeNo: "T1", amount: 1, money: 7.3, paymentMethod: "alipay")
                .decide(state, context: Self.context)
        }
    }

    @Test func affTransferNeedsOneUnitAndEnoughInviteQuota() throws {
        var state = FakeState.withRootAdminAndUser
        state.users[3]?.affQuota = 700_000
        #expect(throws: LedgerError.affTransferTooSmall("＄1.000000 额度")) {
            try TransferAffQuota(userID: 3, quota: 499_999).decide(state, context: Self.context)
        }
        #expect(throws: LedgerError.affQuotaInsufficient) {
            try TransferAffQuota(userID: 3, quota: 700_001).decide(state, context: Self.context)
        }
        let events = try TransferAffQuota(userID: 3, quota: 500_000).decide(state, context: Self.context)
        guard case .affQuotaTransferred(let e) = events.first else { throw TestFailure("no transfer") }
        #expect(e.affQuotaAfter == 200_000 && e.quotaAfter == 501_000)
    }

    @Test func anAddressBelongsToOneAccount() throws {
        var state = FakeState.withRootAdminAndUser
        state.users[2]?.email = "taken@example.com"
        #expect(throws: LedgerError.emailTaken) {
            try BindEmail(userID: 3, email: "taken@example.com").decide(state, context: Self.context)
        }
        #expect(throws: LedgerError.resetLinkInvalid) {
            try ResetPassword(email: "nobody@example.com", passwordHash: "h").decide(state, context: Self.context)
        }
        let reset = try ResetPassword(email: "taken@example.com", passwordHash: "h").decide(
            state, context: Self.context)
        guard case .userPasswordReset(let e) = reset.first else { throw TestFailure("no reset") }
        #expect(e.userID == 2)
    }
}

struct TestFailure: Error {
    var description: String
    init(_ description: String) { self.description = description }
}
