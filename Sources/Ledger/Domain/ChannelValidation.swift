/// Bounds of channel input: the reference's checks plus OneLedger's limits on free text.
public enum ChannelValidation {
    public static let maxTextBytes = 65_536

    public static func check(_ fields: Oneledger_V1_ChannelFields) throws(LedgerError) {
        if fields.name.isEmpty || fields.name.utf8.count > 255 { throw .invalidInput("channel name must be 1 to 255 bytes") }
        if !(0...1000).contains(fields.type) { throw .invalidInput("type is out of range") }
        if !(0...3).contains(fields.status) { throw .invalidInput("status must be 0, 1, 2 or 3") }
        if fields.weight < 0 || fields.weight > 1_000_000 { throw .invalidInput("weight is out of range") }
        if fields.priority < -1_000_000_000 || fields.priority > 1_000_000_000 { throw .invalidInput("priority is out of range") }
        for model in fields.models.split(separator: ",", omittingEmptySubsequences: false) where model.count > 255 {
            throw .optionRefused("模型名称过长: \(model)")
        }
        if fields.group.utf8.count > 4096 || fields.tag.utf8.count > 255 || fields.remark.utf8.count > 255 {
            throw .invalidInput("group, tag or remark is too long")
        }
        for text in [
            fields.models, fields.baseURL, fields.modelMapping, fields.testModel, fields.other, fields.setting,
            fields.paramOverride, fields.headerOverride, fields.statusCodeMapping, fields.openaiOrganization,
            fields.settings, fields.otherInfo,
        ] where text.utf8.count > maxTextBytes {
            throw .invalidInput("a channel field is too long")
        }
        if fields.type == 60, fields.baseURL.isEmpty { throw .optionRefused("New API channel base URL cannot be empty") }
    }
}
