import Projections

/// A channel as list, search and get answer it (docs/api.md, Channels (admin)): `key` always "" (keys are
/// read only through `POST /api/channel/:id/key`), `channel_info` with the keys' statuses but
/// without the disabled-time and reason maps.
struct ChannelJSON: Encodable {
    let record: ChannelRecord
    /// The statuses of the keys that are not enabled, by index.
    var keyStatuses: [Int32: ChannelKeyStatusRecord] = [:]

    struct Info: Encodable {
        var is_multi_key: Bool
        var multi_key_size: Int32
        var multi_key_status_list: [String: Int]
        var multi_key_polling_index: Int
        var multi_key_mode: String
    }

    enum CodingKeys: String, CodingKey {
        case id, type, key, status, name, weight, other, balance, models, group, priority, tag, setting, remark,
            settings
        case openaiOrganization = "openai_organization"
        case testModel = "test_model"
        case createdTime = "created_time"
        case testTime = "test_time"
        case responseTime = "response_time"
        case baseURL = "base_url"
        case balanceUpdatedTime = "balance_updated_time"
        case usedQuota = "used_quota"
        case modelMapping = "model_mapping"
        case statusCodeMapping = "status_code_mapping"
        case autoBan = "auto_ban"
        case otherInfo = "other_info"
        case paramOverride = "param_override"
        case headerOverride = "header_override"
        case channelInfo = "channel_info"
    }

    func encode(to encoder: any Encoder) throws {
        let r = record
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(r.id, forKey: .id)
        try c.encode(r.type, forKey: .type)
        try c.encode("", forKey: .key)
        try c.encode(r.openaiOrganization, forKey: .openaiOrganization)
        try c.encode(r.testModel, forKey: .testModel)
        try c.encode(r.status, forKey: .status)
        try c.encode(r.name, forKey: .name)
        try c.encode(r.weight, forKey: .weight)
        try c.encode(r.createdTime, forKey: .createdTime)
        try c.encode(r.testTime, forKey: .testTime)
        try c.encode(r.responseTime, forKey: .responseTime)
        try c.encode(r.baseUrl, forKey: .baseURL)
        try c.encode(r.other, forKey: .other)
        try c.encode(r.balance, forKey: .balance)
        try c.encode(r.balanceUpdatedTime, forKey: .balanceUpdatedTime)
        try c.encode(r.models, forKey: .models)
        try c.encode(r.group, forKey: .group)
        try c.encode(r.usedQuota, forKey: .usedQuota)
        try c.encode(r.modelMapping, forKey: .modelMapping)
        try c.encode(r.statusCodeMapping, forKey: .statusCodeMapping)
        try c.encode(r.priority, forKey: .priority)
        try c.encode(r.autoBan, forKey: .autoBan)
        try c.encode(r.otherInfo, forKey: .otherInfo)
        try c.encode(r.tag, forKey: .tag)
        try c.encode(r.setting, forKey: .setting)
        try c.encode(r.paramOverride, forKey: .paramOverride)
        try c.encode(r.headerOverride, forKey: .headerOverride)
        try c.encode(r.remark, forKey: .remark)
        try c.encode(
            Info(
                is_multi_key: r.isMultiKey, multi_key_size: r.multiKeySize,
                multi_key_status_list: Dictionary(
                    uniqueKeysWithValues: keyStatuses.map { ("\($0.key)", Int($0.value.status)) }),
                multi_key_polling_index: 0, multi_key_mode: r.multiKeyMode.isEmpty ? "random" : r.multiKeyMode),
            forKey: .channelInfo)
        try c.encode(r.settings, forKey: .settings)
    }
}
