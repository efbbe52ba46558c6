import Foundation
import GRDB
import Ledger

extension LogsProjection {
    /// The log rows of redemption events: the top-up entry (type 1) of a redemption and the
    /// manage entries (type 3) of admin edits, owned by the operator, the code in `other.op.params`.
    static func applyResources(_ recorded: RecordedEvent, _ writer: LogWriter) throws {
        switch recorded.event {
        case .redemptionCodeRedeemed(let e):
            try writer.insert(
                userID: e.userID, username: e.username, type: LogType.topup,
                content: "通过兑换码充值 \(e.logQuota)，兑换码ID \(e.redemptionID)", other: nil, quota: e.quota)
        case .topUpOrderCompleted(let e):
            // New API formats the paid money with %f.
            try writer.insert(
                userID: e.userID, username: e.username, type: LogType.topup,
                content: "使用在线充值成功，充值金额: \(e.logQuota)，支付金额：\(String(format: "%f", e.money))",
                other: [
                    "admin_info": .object([
                        ("payment_method", .string(e.paymentMethod)),
                        ("callback_payment_method", .string(e.callbackPaymentMethod)),
                    ])
                ], quota: e.quota)
        case .redemptionCodeCreated(let e) where e.batchIndex == 0:
            try writer.manage(
                e.operator, content: "Created \(e.batchCount) redemption codes named \(e.name) (\(e.logQuota) each)",
                action: "redemption.create",
                extra: [
                    "first_redemption_id": .int(e.redemptionID), "count": .int(Int64(e.batchCount)),
                    "quota": .int(e.quota),
                ])
        case .redemptionCodeUpdated(let e):
            try writer.manage(
                e.operator, content: "PUT /api/redemption/", action: "redemption.update",
                extra: ["redemption_id": .int(e.redemptionID), "changes": LogWriter.changes(e.changes)])
        case .redemptionCodeDeleted(let e) where !e.invalidSweep:
            try writer.manage(
                e.operator, content: "DELETE /api/redemption/:id", action: "redemption.delete",
                extra: ["redemption_id": .int(e.redemptionID)])
        case .redemptionCodeDeleted(let e) where e.sweepIndex == 0:
            try writer.manage(
                e.operator, content: "DELETE /api/redemption/invalid", action: "redemption.delete_invalid",
                extra: ["count": .int(Int64(e.sweepCount))])
        default:
            try applyChannels(recorded, writer)
        }
    }
}
