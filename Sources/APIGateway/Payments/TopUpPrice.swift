import Foundation
import Ledger

/// What an online top-up costs, from the options, with New API's decimal arithmetic: amount
/// (divided by `QuotaPerUnit` first in TOKENS display mode) × `Price` × the group's
/// `TopupGroupRatio` (1 when unset or 0) × the `payment_setting.amount_discount` of that amount.
struct TopUpPrice {
    /// The option values this reads.
    static let keys = [
        "Price", "MinTopUp", "TopupGroupRatio", "QuotaPerUnit", "general_setting.quota_display_type",
        "DisplayInCurrencyEnabled", "payment_setting.amount_discount",
    ]
    let options: [String: String]

    private var tokensMode: Bool { QuotaText { options[$0] }.displayType == "TOKENS" }
    private var quotaPerUnit: Decimal { Decimal(QuotaText { options[$0] }.quotaPerUnit) }

    /// The smallest amount a user may ask for.
    var minimum: Int64 {
        let minimum = Int64(options["MinTopUp"] ?? "") ?? 1
        guard tokensMode else { return minimum }
        return Self.integerPart(Decimal(minimum) * quotaPerUnit)
    }

    /// The money asked for `amount` by a user of `group`.
    func money(amount: Int64, group: String) -> Double {
        var value = Decimal(amount)
        if tokensMode { value /= quotaPerUnit }
        let ratios = JSONValue(parsing: options["TopupGroupRatio"] ?? "")?.members ?? [:]
        var ratio = Self.decimal(ratios[group]) ?? 1
        if ratio == 0 { ratio = 1 }
        let discounts = JSONValue(parsing: options["payment_setting.amount_discount"] ?? "")?.members ?? [:]
        var discount = Self.decimal(discounts[String(amount)]) ?? 1
        if discount <= 0 { discount = 1 }
        let price = Decimal(string: options["Price"] ?? "") ?? 0
        return NSDecimalNumber(decimal: value * price * ratio * discount).doubleValue
    }

    /// The units the order credits (`amount × QuotaPerUnit` on success): in TOKENS mode the
    /// amount was in quota and is converted back.
    func units(amount: Int64) -> Int64 {
        tokensMode ? Self.integerPart(Decimal(amount) / quotaPerUnit) : amount
    }

    private static func decimal(_ value: JSONValue?) -> Decimal? {
        switch value {
        case .int(let number): return Decimal(number)
        case .double(let number) where number.isFinite: return Decimal(string: "\(number)")
        default: return nil
        }
    }

    private static func integerPart(_ value: Decimal) -> Int64 {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .down)
        return NSDecimalNumber(decimal: rounded).int64Value
    }
}
