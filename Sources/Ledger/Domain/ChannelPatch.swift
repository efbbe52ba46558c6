/// The fields a `PUT /api/channel/` body named: only those change, the rest keep their stored
/// values (New API writes only the fields a request carries).
public struct ChannelPatch: Sendable, Equatable {
    public var values: Oneledger_V1_ChannelFields
    /// JSON names of the fields present in the body.
    public var present: Set<String>

    public init(values: Oneledger_V1_ChannelFields, present: Set<String>) {
        self.values = values
        self.present = present
    }

    /// `base` with every present field replaced.
    public func applied(to base: Oneledger_V1_ChannelFields) -> Oneledger_V1_ChannelFields {
        var f = base
        let v = values
        for name in present {
            switch name {
            case "type": f.type = v.type
            case "name": f.name = v.name
            case "status": f.status = v.status
            case "models": f.models = v.models
            case "group": f.group = v.group
            case "priority": f.priority = v.priority
            case "weight": f.weight = v.weight
            case "base_url": f.baseURL = v.baseURL
            case "tag": f.tag = v.tag
            case "model_mapping": f.modelMapping = v.modelMapping
            case "test_model": f.testModel = v.testModel
            case "auto_ban": f.autoBan = v.autoBan
            case "remark": f.remark = v.remark
            case "other": f.other = v.other
            case "setting": f.setting = v.setting
            case "param_override": f.paramOverride = v.paramOverride
            case "header_override": f.headerOverride = v.headerOverride
            case "status_code_mapping": f.statusCodeMapping = v.statusCodeMapping
            case "openai_organization": f.openaiOrganization = v.openaiOrganization
            case "settings": f.settings = v.settings
            case "other_info": f.otherInfo = v.otherInfo
            case "multi_key_mode": f.multiKeyMode = v.multiKeyMode
            default: break
            }
        }
        return f
    }
}
