import Foundation

/// Renders quota amounts as New API's log text does (`logger.LogQuota`, docs/api.md, Conventions):
/// `＄1.000000 额度` in USD mode, `¥` for CNY, the custom symbol, or `N 点额度` for TOKENS.
public struct QuotaText: Sendable, Equatable {
    public var displayType: String
    public var quotaPerUnit: Double
    public var usdExchangeRate: Double
    public var customSymbol: String
    public var customRate: Double

    public init(option: (String) -> String?) {
        var display = option("general_setting.quota_display_type") ?? "USD"
        if option("general_setting.quota_display_type") == nil, option("DisplayInCurrencyEnabled") == "false" {
            display = "TOKENS"
        }
        displayType = display
        quotaPerUnit = Double(option("QuotaPerUnit") ?? "") ?? 500_000
        if quotaPerUnit <= 0 { quotaPerUnit = 500_000 }
        usdExchangeRate = Double(option("USDExchangeRate") ?? "") ?? 7.3
        customSymbol = option("general_setting.custom_currency_symbol") ?? "¤"
        customRate = Double(option("general_setting.custom_currency_exchange_rate") ?? "") ?? 1
    }

    public func render(_ quota: Int64) -> String {
        let usd = Double(quota) / quotaPerUnit
        switch displayType {
        case "TOKENS": return "\(quota) 点额度"
        case "CNY": return "¥" + String(format: "%.6f", usd * usdExchangeRate) + " 额度"
        case "CUSTOM": return customSymbol + String(format: "%.6f", usd * customRate) + " 额度"
        default: return "＄" + String(format: "%.6f", usd) + " 额度"
        }
    }
}
