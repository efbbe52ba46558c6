import Ledger

/// The `channel` object of `POST /api/channel/` and the body of `PUT /api/channel/`. Unknown
/// and read-only fields (`balance`, `used_quota`, times) are ignored; a wrong type fails the decode.
struct ChannelInput: Decodable {
    var id: Int64?
    var type: Int32?
    var key: String?
    var name: String?
    var status: Int32?
    var models: String?
    var group: String?
    var priority: Int64?
    var weight: Int64?
    var base_url: String?
    var tag: String?
    var model_mapping: String?
    var test_model: String?
    var auto_ban: Int32?
    var remark: String?
    var other: String?
    var setting: String?
    var param_override: String?
    var header_override: String?
    var status_code_mapping: String?
    var openai_organization: String?
    var settings: String?
    var other_info: String?
    var multi_key_mode: String?
    /// `PUT` only: "append" adds the body's keys to a multi-key channel's, "replace" (or absent) replaces them.
    var key_mode: String?

    var fields: Oneledger_V1_ChannelFields {
        var f = Oneledger_V1_ChannelFields()
        f.type = type ?? 0
        f.name = name ?? ""
        f.status = status ?? 0
        f.models = models ?? ""
        f.group = group ?? "default"
        f.priority = priority ?? 0
        f.weight = weight ?? 0
        f.baseURL = base_url ?? ""
        f.tag = tag ?? ""
        f.modelMapping = model_mapping ?? ""
        f.testModel = test_model ?? ""
        f.autoBan = auto_ban ?? 1
        f.remark = remark ?? ""
        f.other = other ?? ""
        f.setting = setting ?? ""
        f.paramOverride = param_override ?? ""
        f.headerOverride = header_override ?? ""
        f.statusCodeMapping = status_code_mapping ?? ""
        f.openaiOrganization = openai_organization ?? ""
        f.settings = settings ?? ""
        f.otherInfo = other_info ?? ""
        f.multiKeyMode = multi_key_mode ?? ""
        return f
    }
}

/// `POST /api/channel/` body.
struct AddChannelInput: Decodable {
    var mode: String?
    var multi_key_mode: String?
    var batch_add_set_key_prefix_2_name: Bool?
    var channel: ChannelInput?
}

/// The body of the tag routes (`ChannelTag`).
struct ChannelTagInput: Decodable {
    var tag: String?
    var new_tag: String?
    var priority: Int64?
    var weight: Int64?
    var model_mapping: String?
    var models: String?
    var groups: String?
}

/// `{"ids": […], "tag": …}` of the batch routes.
struct ChannelBatchInput: Decodable {
    var ids: [Int64]?
    var tag: String?
}
