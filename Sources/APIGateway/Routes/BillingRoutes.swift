import Engine
import Foundation
import Hummingbird
import Projections

/// Resources.md §7.4: the OpenAI-compatible billing dashboard, by API key. A limited token
/// shows its own figures (with `DisplayTokenStatEnabled`, the default), an unlimited one a
/// limit of 100,000,000; `total_usage` is in hundredths of the display unit (cents in USD).
struct BillingRoutes: Sendable {
    let auth: TokenKeyAuth
    let options: OptionQueries

    func register(on router: some RouterMethods<GatewayContext>) {
        for prefix in ["dashboard/billing", "v1/dashboard/billing"] {
            router.get("\(prefix)/subscription", use: subscription)
            router.get("\(prefix)/usage", use: usage)
            router.on("\(prefix)/subscription", method: .options, use: preflight)
            router.on("\(prefix)/usage", method: .options, use: preflight)
        }
    }

    struct Subscription: Encodable {
        var object = "billing_subscription"
        var has_payment_method = true
        var soft_limit_usd: Double
        var hard_limit_usd: Double
        var system_hard_limit_usd: Double
        var access_until: Int64
    }

    @Sendable func subscription(_ request: Request, context: GatewayContext) async throws -> Response {
        try await answer(request, context) { token, user, display in
            let perToken = display.tokenStats
            var amount = display.amount(perToken ? token.remainQuota + token.usedQuota : user.quota + user.usedQuota)
            if perToken && token.unlimitedQuota { amount = 100_000_000 }
            let until = perToken && token.expiredTime > 0 ? token.expiredTime : 0
            return Envelope.json(
                Subscription(
                    soft_limit_usd: amount, hard_limit_usd: amount, system_hard_limit_usd: amount, access_until: until))
        }
    }

    @Sendable func usage(_ request: Request, context: GatewayContext) async throws -> Response {
        try await answer(request, context) { token, user, display in
            let used = display.tokenStats ? token.usedQuota : user.usedQuota
            return Envelope.json(Usage(total_usage: display.amount(used) * 100))
        }
    }

    struct Usage: Encodable {
        var object = "list"
        var total_usage: Double
    }

    @Sendable func preflight(_ request: Request, context: GatewayContext) async throws -> Response {
        var response = Response(status: .noContent)
        TokenKeyAuth.cors(&response, request)
        return response
    }

    // MARK: - Helpers

    /// The display options the amounts follow.
    struct Display {
        var tokenStats: Bool
        var perUnit: Double
        var type: String
        var rate: Double

        func amount(_ quota: Int64) -> Double {
            switch type {
            case "TOKENS": Double(quota)
            case "CNY": Double(quota) / perUnit * rate
            default: Double(quota) / perUnit
            }
        }
    }

    private func answer(
        _ request: Request, _ context: GatewayContext, _ body: (TokenRecord, UserRecord, Display) throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            let (token, user) = try await auth.resolve(request, mode: .full)
            let values = try await options.values([
                "DisplayTokenStatEnabled", "QuotaPerUnit", "general_setting.quota_display_type", "USDExchangeRate",
            ])
            let perUnit = Double(values["QuotaPerUnit"] ?? "") ?? 500_000
            let display = Display(
                tokenStats: values["DisplayTokenStatEnabled"] != "false", perUnit: perUnit > 0 ? perUnit : 500_000,
                type: values["general_setting.quota_display_type"] ?? "USD",
                rate: Double(values["USDExchangeRate"] ?? "") ?? 7.3)
            response = try body(token, user, display)
        } catch let refusal as TokenKeyAuth.Refusal {
            response = Envelope.json(
                [
                    "error": [
                        "message": "\(refusal.message) (request id: \(context.id))",
                        "type": "new_api_error", "code": "",
                    ]
                ],
                status: refusal.status)
        }
        TokenKeyAuth.cors(&response, request)
        return response
    }
}
