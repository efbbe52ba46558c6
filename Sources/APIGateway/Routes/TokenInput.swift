import Foundation
import Ledger
import Projections

/// The body of `POST /api/token/` and `PUT /api/token/`. Unknown fields (`key`, `user_id`,
/// `used_quota`…) are ignored; a wrong type or an integer beyond Int64 fails the decode.
struct TokenInput: Decodable {
    var id: Int64?
    var name: String?
    var status: Int32?
    var expired_time: Int64?
    var remain_quota: Int64?
    var unlimited_quota: Bool?
    var model_limits_enabled: Bool?
    var model_limits: String?
    var allow_ips: String?
    var group: String?

    var fields: Oneledger_V1_TokenFields {
        var fields = Oneledger_V1_TokenFields()
        fields.name = name ?? ""
        fields.status = status ?? 0
        fields.expiredTime = expired_time ?? -1
        fields.remainQuota = remain_quota ?? 0
        fields.unlimitedQuota = unlimited_quota ?? false
        fields.modelLimitsEnabled = model_limits_enabled ?? false
        fields.modelLimits = model_limits ?? ""
        fields.allowIps = allow_ips ?? ""
        fields.group = group ?? ""
        return fields
    }
}

/// How `GET /api/token/search` reads `keyword`: exact unless it holds `%`, then a LIKE pattern
/// with the reference's checks (docs/api.md, Tokens).
enum TokenNamePattern {
    static func parse(_ keyword: String) throws -> TokenQueries.NameMatch? {
        guard !keyword.isEmpty else { return nil }
        guard keyword.contains("%") else { return .exact(keyword) }
        if keyword.contains("%%") { throw APIError.refused("搜索模式中不允许包含连续的 % 通配符") }
        if keyword.filter({ $0 == "%" }).count > 2 { throw APIError.refused("搜索模式中最多允许包含 2 个 % 通配符") }
        if keyword.replacingOccurrences(of: "%", with: "").count < 2 {
            throw APIError.refused("使用模糊搜索时，关键词长度至少为 2 个字符")
        }
        let escaped = keyword.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "_", with: "!_")
        return .like(escaped)
    }
}
