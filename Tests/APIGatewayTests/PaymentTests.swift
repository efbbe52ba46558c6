import Engine
import Foundation
import HTTPTypes
import Testing

/// docs/api.md (Payments): prices, epay orders and their signed callbacks, invite quota transfer.
@Suite struct PaymentTests {
    static let key = "epay-merchant-key"

    /// The epay signature of `parameters`, computed here independently of the gateway's code.
    static func signed(_ parameters: [String: String], key: String = PaymentTests.key) -> [String: String] {
        let text = parameters.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
        var signed = parameters
        signed["sign"] = RandomCodes.md5Hex(text + key)
        signed["sign_type"] = "MD5"
        return signed
    }

    static func query(_ parameters: [String: String]) -> String {
        var components = URLComponents()
        components.queryItems = parameters.sorted { $0.key < $1.key }.map {
            URLQueryItem(name: $0.key, value: $0.value)
        }
        return components.percentEncodedQuery ?? ""
    }

    @Test func amountAnswersThePaymentShape() async throws {
        try await withRunningServer { api, fixtures in
            let user = try await fixtures.signedInUser("payer")
            let reply = try await api.post("/api/user/amount", #"{"amount":10}"#, as: user)
            #expect(reply.json["success"] == nil && reply.json["message"] as? String == "success")
            #expect(reply.data as? String == "73.00", "\(reply.text)")
            #expect(try await api.post("/api/user/amount", #"{"amount":0}"#, as: user).data as? String == "充值数量不能小于 1")
            #expect(try await api.post("/api/user/amount", #"{"amount":"x"}"#, as: user).data as? String == "参数错误")
            let root = try await fixtures.root()
            try await fixtures.setOption("TopupGroupRatio", #"{"default":0.5}"#, as: root)
            try await fixtures.setOption("payment_setting.amount_discount", #"{"10":0.9}"#, as: root)
            #expect(try await api.post("/api/user/amount", #"{"amount":10}"#, as: user).data as? String == "32.85")
        }
    }

    @Test func aSignedCallbackCreditsTheOrderOnce() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let user = try await fixtures.signedInUser("buyer")
            let unpaid = try await api.post("/api/user/pay", #"{"amount":2,"payment_method":"alipay"}"#, as: user)
            #expect(unpaid.data as? String == "当前管理员未配置支付信息", "\(unpaid.text)")
            try await fixtures.setOption("PayAddress", "https://pay.example.com/", as: root)
            try await fixtures.setOption("EpayId", "1001", as: root)
            try await fixtures.setOption("EpayKey", Self.key, as: root)
            try await fixtures.setOption("ServerAddress", "https://console.example.com", as: root)
            let keys = ((try await api.get("/api/option/", as: root)).data as? [[String: Any]] ?? []).compactMap {
                $0["key"] as? String
            }
            #expect(keys.contains("EpayId") && !keys.contains("EpayKey"))
            #expect(
                try await api.post("/api/user/pay", #"{"amount":2,"payment_method":"bank"}"#, as: user).data as? String
                    == "支付方式不存在")
            let order = try await api.post("/api/user/pay", #"{"amount":2,"payment_method":"alipay"}"#, as: user)
            #expect(order.json["message"] as? String == "success" && order.json["success"] == nil, "\(order.text)")
            #expect(order.json["url"] as? String == "https://pay.example.com/submit.php")
            let form = try #require(order.data as? [String: String])
            #expect(form["money"] == "14.60" && form["pid"] == "1001" && form["type"] == "alipay")
            #expect(form["notify_url"] == "https://console.example.com/api/user/epay/notify")
            var unsigned = form
            unsigned["sign"] = nil
            unsigned["sign_type"] = nil
            #expect(Self.signed(unsigned)["sign"] == form["sign"])
            let tradeNo = try #require(form["out_trade_no"])
            #expect(tradeNo.hasPrefix("USR\(user.userID)NO"))

            let callback = [
                "pid": "1001", "trade_no": "GW123", "out_trade_no": tradeNo, "type": "alipay", "name": "TUC2",
                "money": "14.60", "trade_status": "TRADE_SUCCESS",
            ]
            let quotaBefore = try await api.get("/api/user/self", as: user).object["quota"] as? Int ?? -1
            let before = try await fixtures.checkpoint()
            let forged = try await api.get("/api/user/epay/notify?" + Self.query(Self.signed(callback, key: "wrong")))
            #expect(forged.text == "fail")
            #expect(try await fixtures.checkpoint() == before + 1, "the rejected callback is recorded")
            #expect(try await api.get("/api/user/self", as: user).object["quota"] as? Int == quotaBefore)

            let paid = try await api.get("/api/user/epay/notify?" + Self.query(Self.signed(callback)))
            #expect(paid.text == "success")
            #expect(try await api.get("/api/user/self", as: user).object["quota"] as? Int == quotaBefore + 2 * 500_000)
            let afterPaid = try await fixtures.checkpoint()
            let posted = try await api.request(.post, "/api/user/epay/notify", json: Self.query(Self.signed(callback)))
            #expect(posted.text == "success")
            let again = try await api.get("/api/user/epay/notify?" + Self.query(Self.signed(callback)))
            #expect(again.text == "success")
            #expect(try await fixtures.checkpoint() == afterPaid, "a duplicate callback appends nothing")
            #expect(try await api.get("/api/user/self", as: user).object["quota"] as? Int == quotaBefore + 2 * 500_000)
            let logs = try await api.get("/api/log/self/?type=1", as: user)
            let items = (logs.object["items"] as? [[String: Any]]) ?? []
            #expect(
                items.map { $0["content"] as? String } == ["使用在线充值成功，充值金额: ＄2.000000 额度，支付金额：14.600000"],
                "\(logs.text)")
        }
    }

    @Test func inviteQuotaMovesToUsableQuota() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            try await fixtures.setOption("QuotaForInviter", "1200000", as: root)
            let host = try await fixtures.signedInUser("host")
            let code = try #require(try await api.get("/api/user/aff", as: host).data as? String)
            let invited = try await api.post(
                "/api/user/register", #"{"username":"guest","password":"password123","aff_code":"\#(code)"}"#)
            #expect(invited.success)
            let small = try await api.post("/api/user/aff_transfer", #"{"quota":100}"#, as: host)
            #expect(small.message == "Transfer failed 转移额度最小为＄1.000000 额度！")
            let big = try await api.post("/api/user/aff_transfer", #"{"quota":2000000}"#, as: host)
            #expect(big.message == "Transfer failed 邀请额度不足！")
            let missing = try await api.post("/api/user/aff_transfer", "{}", as: host)
            #expect(missing.message.contains("failed on the 'required' tag"))
            let moved = try await api.post("/api/user/aff_transfer", #"{"quota":500000}"#, as: host)
            #expect(moved.success && moved.message == "Transfer successful" && moved.json.keys.contains("data"))
            let me = try await api.get("/api/user/self", as: host).object
            #expect(me["quota"] as? Int == 500_000 && me["aff_quota"] as? Int == 700_000)
            #expect(me["aff_history_quota"] as? Int == 1_200_000)
        }
    }
}
