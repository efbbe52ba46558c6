import Foundation

/// Bounds of channel input: the reference's checks (`validateChannel`, docs/api.md, Channels (admin)) plus
/// OneLedger's limits on free text.
public enum ChannelValidation {
    public static let maxTextBytes = 65_536

    public static func check(_ fields: Oneledger_V1_ChannelFields) throws(LedgerError) {
        if fields.name.isEmpty || fields.name.utf8.count > 255 {
            throw .invalidInput("channel name must be 1 to 255 bytes")
        }
        if !(0...1000).contains(fields.type) { throw .invalidInput("type is out of range") }
        if !(0...3).contains(fields.status) { throw .invalidInput("status must be 0, 1, 2 or 3") }
        if fields.weight < 0 || fields.weight > 1_000_000 { throw .invalidInput("weight is out of range") }
        if fields.priority < -1_000_000_000 || fields.priority > 1_000_000_000 {
            throw .invalidInput("priority is out of range")
        }
        for model in fields.models.split(separator: ",", omittingEmptySubsequences: false) where model.count > 255 {
            throw .modelNameTooLong(String(model))
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
        if !fields.setting.isEmpty {
            guard let setting = JSONValue(parsing: fields.setting) else {
                throw .invalidChannelSetting(reason: "not valid JSON")
            }
            guard setting.members != nil else { throw .invalidChannelSetting(reason: "not a JSON object") }
        }
        if fields.type == ChannelType.newAPI, fields.baseURL.isEmpty {
            throw .newAPIBaseURLEmpty
        }
        if fields.type == ChannelType.vertexAI { try checkVertexRegions(fields.other) }
        if !fields.multiKeyMode.isEmpty, !["random", "polling"].contains(fields.multiKeyMode) {
            throw .invalidInput("multi_key_mode must be random or polling")
        }
    }

    /// Vertex AI channels name their regions in `other`: a JSON object with a `default` entry.
    static func checkVertexRegions(_ other: String) throws(LedgerError) {
        if other.isEmpty { throw .vertexRegionsEmpty }
        guard let regions = JSONValue(parsing: other)?.members else { throw .vertexRegionsNotJSON }
        if regions["default"] == nil || regions["default"] == .null { throw .vertexRegionsWithoutDefault }
    }

    /// A Codex (57) key is a JSON object with non-empty `access_token` and `account_id`.
    public static func checkCodexKey(_ key: String) throws(LedgerError) {
        let trimmed = key.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{"), let object = JSONValue(parsing: trimmed)?.members else { throw .codexKeyNotJSON }
        for field in ["access_token", "account_id"] {
            let missing =
                switch object[field] {
                case nil, .null?: true
                case .string(let text)?: text.trimmingCharacters(in: .whitespaces).isEmpty
                default: false
                }
            if missing { throw .codexKeyMissing(field: field) }
        }
    }
}
