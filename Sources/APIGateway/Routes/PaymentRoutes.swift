import Engine
import Foundation
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Payments): the price of a top-up, an epay order, the gateway's signed callback,
/// and moving invite quota to usable quota. `amount` and `pay` answer New API's payment shape
/// `{"message":"success"|"error","data":…}` without `success`.
struct PaymentRoutes: Sendable {
    let options: OptionQueries
    let commands: CommandRunner
    let clock: WallClock
    /// Opens a sealed option (`EpayKey`).
    let secret: @Sendable (String) async throws -> String

    func register(
        user: some RouterMethods<SignedInContext>, userCritical: some RouterMethods<SignedInContext>,
        anonymous: some RouterMethods<GatewayContext>
    ) {
        user.post("user/amount", use: amount)
        userCritical.post("user/pay", use: pay)
        user.post("user/aff_transfer", use: affTransfer)
        anonymous.get("user/epay/notify", use: notify)
        anonymous.post("user/epay/notify", use: notify)
    }

    struct PayInput: Decodable {
        var amount: Int64?
        var payment_method: String?
    }

    /// `{"message":"error","data":reason}`.
    static func refusal(_ reason: String) -> Response {
        Envelope.json(JSONValue.object([("message", .string("error")), ("data", .string(reason))]))
    }

    struct Priced {
        var input: PayInput
        var price: TopUpPrice
        var money: Double
    }

    /// Why `amount` or `pay` answers `"error"`.
    struct PaymentRefusal: Error {
        var reason: String
    }

    /// Larger amounts would overflow the quota they credit.
    static let maxAmount: Int64 = 10_000_000_000

    /// The checks `amount` and `pay` share: the body, the minimum, and the price for the caller's group.
    private func price(_ request: inout Request, context: SignedInContext) async throws -> Priced {
        guard let input = try? await request.decodeJSON(PayInput.self, context: context),
            let amount = input.amount, amount <= Self.maxAmount
        else { throw PaymentRefusal(reason: "参数错误") }
        let price = TopUpPrice(options: try await options.values(TopUpPrice.keys))
        if amount < price.minimum { throw PaymentRefusal(reason: "充值数量不能小于 \(price.minimum)") }
        return Priced(input: input, price: price, money: price.money(amount: amount, group: context.caller.user.group))
    }

    @Sendable func amount(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        do {
            let priced = try await price(&request, context: context)
            if priced.money <= 0.01 { return Self.refusal("充值金额过低") }
            return Envelope.json(
                JSONValue.object([
                    ("message", .string("success")), ("data", .string(String(format: "%.2f", priced.money))),
                ]))
        } catch let refusal as PaymentRefusal {
            return Self.refusal(refusal.reason)
        }
    }

    @Sendable func pay(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let priced: Priced
        do {
            priced = try await price(&request, context: context)
        } catch let refusal as PaymentRefusal {
            return Self.refusal(refusal.reason)
        }
        if priced.money < 0.01 { return Self.refusal("充值金额过低") }
        let method = priced.input.payment_method ?? ""
        let settings = try await options.values([
            "PayMethods", "PayAddress", "EpayId", "ServerAddress", "CustomCallbackAddress",
        ])
        let methods = JSONValue(parsing: settings["PayMethods"] ?? "")
        guard case .array(let list) = methods, !method.isEmpty,
            list.contains(where: { $0["type"]?.stringValue == method })
        else { return Self.refusal("支付方式不存在") }
        let key = (try? await secret("EpayKey")) ?? ""
        var address = settings["PayAddress"] ?? ""
        while address.hasSuffix("/") { address.removeLast() }
        guard !address.isEmpty, !(settings["EpayId"] ?? "").isEmpty, !key.isEmpty else {
            return Self.refusal("当前管理员未配置支付信息")
        }
        let epay = Epay(address: address, partnerID: settings["EpayId"] ?? "", key: key)
        let server = settings["ServerAddress"] ?? ""
        let callback =
            (settings["CustomCallbackAddress"] ?? "").isEmpty ? server : settings["CustomCallbackAddress"] ?? ""
        let amount = priced.input.amount ?? 0
        let tradeNo = "USR\(context.caller.id)NO\(RandomCodes.alphanumeric(6))\(clock.seconds)"
        let (url, parameters) = epay.purchase(
            type: method, tradeNo: tradeNo, name: "TUC\(amount)", money: String(format: "%.2f", priced.money),
            notifyURL: callback + "/api/user/epay/notify", returnURL: server + "/console/log")
        do {
            try await commands.run(
                CreateTopUpOrder(
                    userID: context.caller.id, tradeNo: tradeNo, amount: priced.price.units(amount: amount),
                    money: priced.money, paymentMethod: method), context)
        } catch is LedgerError {
            return Self.refusal("创建订单失败")
        }
        return Envelope.json(
            JSONValue.object([
                ("message", .string("success")), ("data", JSONValue(parameters.mapValues(JSONValue.string))),
                ("url", .string(url)),
            ]))
    }

    struct TransferInput: Decodable { var quota: Int64? }

    @Sendable func affTransfer(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(TransferInput.self, context: context)
        guard let quota = input.quota, quota != 0 else {
            throw APIError.refused(
                "Key: 'TransferAffQuotaRequest.Quota' Error:Field validation for 'Quota' failed on the 'required' tag")
        }
        try await commands.run(TransferAffQuota(userID: context.caller.id, quota: quota), context)
        return Envelope.successNullData(message: "Transfer successful")
    }
}
