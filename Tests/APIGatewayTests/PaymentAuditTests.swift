import Foundation
import GRDB
import Projections
import TestSupport
import Testing

/// An epay top-up and an invite quota transfer seen by the forensic routes: the audit lists both
/// with their details and ends at the user's quota, reconciliation finds nothing, point-in-time
/// state shows the quota before and after the top-up, and an `entity_events` index folded by an
/// older version is rebuilt on start.
@Suite struct PaymentAuditTests {
    /// What the workload leaves: the user who paid and transferred, and the moments around the top-up.
    struct Paid: Sendable {
        var root: Identity
        var host: Identity
        var tradeNo: String
        var quotaBefore: Int64
        var beforeTopUp: UInt64
        var afterTopUp: UInt64
    }

    /// `host` invites a guest (aff_quota 1,200,000), pays an epay order of 2 (1,000,000 quota)
    /// through the signed notify callback, then moves 500,000 of the invite quota into quota.
    static func payAndTransfer(_ api: APIClient, _ fixtures: Fixtures) async throws -> Paid {
        let root = try await fixtures.root()
        try await fixtures.setOption("QuotaForInviter", "1200000", as: root)
        try await fixtures.setOption("PayAddress", "https://pay.example.com/", as: root)
        try await fixtures.setOption("EpayId", "1001", as: root)
        try await fixtures.setOption("EpayKey", PaymentTests.key, as: root)
        let host = try await fixtures.signedInUser("host")
        let code = try #require(try await api.get("/api/user/aff", as: host).data as? String)
        #expect(
            try await api.post(
                "/api/user/register", #"{"username":"guest","password":"password123","aff_code":"\#(code)"}"#
            ).success)
        let order = try await api.post("/api/user/pay", #"{"amount":2,"payment_method":"alipay"}"#, as: host)
        let form = try #require(order.data as? [String: String], "\(order.text)")
        let tradeNo = try #require(form["out_trade_no"])
        let quotaBefore = try await fixtures.userCounters(host.userID, root: root).quota
        let beforeTopUp = try await fixtures.checkpoint()
        let callback = [
            "pid": "1001", "trade_no": "GW777", "out_trade_no": tradeNo, "type": "alipay", "name": "TUC2",
            "money": form["money"] ?? "", "trade_status": "TRADE_SUCCESS",
        ]
        let paid = try await api.get("/api/user/epay/notify?" + PaymentTests.query(PaymentTests.signed(callback)))
        #expect(paid.text == "success")
        let afterTopUp = try await fixtures.checkpoint()
        #expect(afterTopUp == beforeTopUp + 1)
        let moved = try await api.post("/api/user/aff_transfer", #"{"quota":500000}"#, as: host)
        #expect(moved.success, "\(moved.text)")
        #expect(try await fixtures.userCounters(host.userID, root: root).quota == quotaBefore + 1_500_000)
        return Paid(
            root: root, host: host, tradeNo: tradeNo, quotaBefore: quotaBefore, beforeTopUp: beforeTopUp,
            afterTopUp: afterTopUp)
    }

    /// The audit of the user (one page) ends at their quota and lists the top-up and the transfer;
    /// reconciliation names no balance of theirs.
    static func expectAuditedAndReconciled(_ api: APIClient, _ fixtures: Fixtures, _ paid: Paid) async throws {
        let quota = try await fixtures.userCounters(paid.host.userID, root: paid.root).quota
        let audit = try await api.get("/api/ledger/audit/user/\(paid.host.userID)", as: paid.root)
        #expect(audit.success, "\(audit.text)")
        let items = audit.object["items"] as? [[String: Any]] ?? []
        #expect((items.last?["balance"] as? NSNumber)?.int64Value == quota, "\(audit.text)")
        #expect((audit.object["quota"] as? NSNumber)?.int64Value == quota)
        let topUp = items.first { $0["type"] as? String == "TopUpOrderCompleted" }
        #expect((topUp?["delta"] as? NSNumber)?.int64Value == 1_000_000, "\(audit.text)")
        #expect((topUp?["seq"] as? NSNumber)?.uint64Value == paid.afterTopUp)
        let topUpDetail = topUp?["detail"] as? String ?? ""
        #expect(
            topUpDetail.contains(paid.tradeNo) && topUpDetail.contains("GW777") && topUpDetail.contains("+1000000"),
            "\(topUpDetail)")
        let transfer = items.first { $0["type"] as? String == "AffQuotaTransferred" }
        #expect((transfer?["delta"] as? NSNumber)?.int64Value == 500_000, "\(audit.text)")
        let transferDetail = transfer?["detail"] as? String ?? ""
        #expect(
            transferDetail.contains("+500000") && transferDetail.contains("aff_quota 1200000 → 700000"),
            "\(transferDetail)")
        let reconcile = try await api.get("/api/ledger/reconcile", as: paid.root)
        #expect(reconcile.object["ok"] as? Bool == true, "\(reconcile.text)")
        let balances = reconcile.object["balances"] as? [[String: Any]] ?? []
        #expect(!balances.contains { ($0["id"] as? NSNumber)?.int64Value == paid.host.userID }, "\(reconcile.text)")
    }

    @Test func topUpsAndTransfersAreAuditedReconciledAndStated() async throws {
        try await withRunningServer { api, fixtures in
            let paid = try await Self.payAndTransfer(api, fixtures)
            try await Self.expectAuditedAndReconciled(api, fixtures, paid)
            let path = "/api/ledger/state/user/\(paid.host.userID)"
            let before = try await api.get(path + "?at=seq:\(paid.beforeTopUp)", as: paid.root)
            #expect((before.object["quota"] as? NSNumber)?.int64Value == paid.quotaBefore, "\(before.text)")
            let after = try await api.get(path + "?at=seq:\(paid.afterTopUp)", as: paid.root)
            #expect((after.object["quota"] as? NSNumber)?.int64Value == paid.quotaBefore + 1_000_000, "\(after.text)")
            let atTopUp = try await api.get(
                "/api/ledger/audit/user/\(paid.host.userID)?at=seq:\(paid.afterTopUp)", as: paid.root)
            #expect((atTopUp.object["quota"] as? NSNumber)?.int64Value == paid.quotaBefore + 1_000_000)
        }
    }

    actor Kept {
        var paid: Paid?
        func keep(_ paid: Paid) { self.paid = paid }
    }

    /// A read model whose index was folded by version 1 (no deltas on these events) is rebuilt
    /// on start because the version changed, and the audit then agrees again.
    @Test func anIndexOfTheOlderVersionIsRebuiltOnStart() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let kept = Kept()
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            await kept.keep(try await Self.payAndTransfer(api, fixtures))
        }
        let models = try ReadModels.open(path: directory + "/readmodels.sqlite")
        try await models.writer.write { db in
            try db.execute(sql: "UPDATE projection_meta SET version = 1 WHERE name = 'entity_events'")
            try db.execute(sql: "UPDATE entity_events SET delta = NULL")
        }
        let paid = try #require(await kept.paid)
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            try await Self.expectAuditedAndReconciled(api, fixtures, paid)
        }
    }
}
