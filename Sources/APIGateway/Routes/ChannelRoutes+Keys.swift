import Engine
import Foundation
import Ledger
import Projections

extension ChannelRoutes {
    /// A new key for `PUT /api/channel/`, sealed: the body's key, or for a multi-key channel the
    /// stored keys with the body's appended (`key_mode` "append") or the body's keys alone.
    struct UpdatedKey {
        var newKey: (sealed: [UInt8], fingerprint: String)
        var count: Int32?
        var appendedTo: String?
    }

    /// The plain keys of `POST /api/channel/`, one per channel to create (docs/api.md, Channels (admin));
    /// `multi_to_single` marks `fields` as multi-key and joins its keys into one.
    func addedKeys(
        _ mode: String, key: String, fields: inout Oneledger_V1_ChannelFields, multiKeyMode: String?
    ) throws -> [String] {
        let jsonKeyed = ChannelKeys.isJSONKeyed(fields)
        let keys: [String]
        switch mode {
        case "single": keys = [key]
        case "batch": keys = try ChannelKeys.parse(key, jsonKeyed: jsonKeyed)
        case "multi_to_single":
            let all = try ChannelKeys.parse(key, jsonKeyed: jsonKeyed)
            fields.isMultiKey = true
            fields.multiKeySize = Int32(all.count)
            fields.multiKeyMode = multiKeyMode == "polling" ? "polling" : "random"
            keys = all.isEmpty ? [] : [all.joined(separator: "\n")]
        default: throw APIError.refused("不支持的添加模式")
        }
        if fields.type == ChannelType.codex { for plain in keys { try ChannelValidation.checkCodexKey(plain) } }
        return keys
    }

    /// nil when the body carries no key (the stored one stays).
    func updatedKey(_ input: ChannelInput, channelID: Int64) async throws -> UpdatedKey? {
        guard let text = input.key, !text.isEmpty else { return nil }
        guard let stored = try await channels.channel(id: channelID) else { throw LedgerError.recordNotFound }
        var fields = stored.fields
        fields.type = input.type ?? fields.type
        fields.settings = input.settings ?? fields.settings
        if fields.type == ChannelType.codex { try ChannelValidation.checkCodexKey(text) }
        guard stored.isMultiKey else { return try UpdatedKey(newKey: seal(text)) }
        let jsonKeyed = ChannelKeys.isJSONKeyed(fields)
        switch input.key_mode ?? "replace" {
        case "append":
            let added = try ChannelKeys.parse(text, jsonKeyed: jsonKeyed, lenient: true, refusalPrefix: "追加密钥解析失败: ")
            let existing = ChannelKeys.split(sealer.openOrEmpty(stored.sealedKey))
            let all = ChannelKeys.appending(added, to: existing)
            return try UpdatedKey(
                newKey: seal(all.joined(separator: "\n")), count: Int32(all.count), appendedTo: stored.keyFingerprint)
        case "replace":
            let all = try ChannelKeys.parse(text, jsonKeyed: jsonKeyed, lenient: true)
            if all.isEmpty { return nil }
            return try UpdatedKey(newKey: seal(all.joined(separator: "\n")), count: Int32(all.count))
        default:
            throw APIError.refused("key_mode must be append or replace")
        }
    }

    private func seal(_ plain: String) throws -> (sealed: [UInt8], fingerprint: String) {
        (try sealer.seal(plain), SecretSealer.fingerprint(plain))
    }
}
