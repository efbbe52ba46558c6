import Engine
import Foundation
import Ledger

/// Turns source rows into import events, table by table, remembering what earlier rows made
/// known (users, keys, aff codes) so a row that contradicts them is refused with a reason
/// instead of failing the whole import.
struct ImportMapping {
    let sealer: SecretSealer
    let source: String
    let file: String
    var users: Set<Int64> = []
    var affCodes: Set<String> = []
    var tokenKeys: Set<String> = []
    var redemptionKeys: Set<String> = []
    var channels: Set<Int64> = []

    typealias Refusal = SourceRow.Refusal

    func origin(_ table: String, _ rowID: Int64) -> Oneledger_V1_ImportOrigin {
        var origin = Oneledger_V1_ImportOrigin()
        origin.source = source
        origin.table = table
        origin.rowID = rowID
        origin.file = file
        return origin
    }

    /// The event of one row; nil for tables that are derived rather than imported (abilities).
    mutating func event(table: String, rowid: Int64, _ row: SourceRow) throws(Refusal) -> LedgerEvent? {
        switch table {
        case "options": return try option(row)
        case "users": return try user(rowid, row)
        case "tokens": return try token(rowid, row)
        case "channels": return try channel(rowid, row)
        case "redemptions": return try redemption(rowid, row)
        case "logs": return try log(rowid, row)
        case "quota_data": return try quotaData(rowid, row)
        default: return nil
        }
    }

    func option(_ row: SourceRow) throws(Refusal) -> LedgerEvent {
        var e = Oneledger_V1_OptionImported()
        e.key = row.string("key")
        guard !e.key.isEmpty else { throw Refusal(reason: "key is empty") }
        let value = row.string("value")
        if OptionDefaults.isSecret(e.key), !value.isEmpty {
            e.sealedValue = Data(try seal(value))
        } else {
            e.value = value
        }
        e.origin = origin("options", 0)
        return e.event
    }

    mutating func user(_ rowid: Int64, _ row: SourceRow) throws(Refusal) -> LedgerEvent {
        var e = Oneledger_V1_UserImported()
        e.userID = try row.int("id", default: rowid)
        guard e.userID > 0, !users.contains(e.userID) else { throw Refusal(reason: "id is not a new positive id") }
        e.username = row.string("username")
        guard !e.username.isEmpty else { throw Refusal(reason: "username is empty") }
        e.passwordHash = row.string("password")
        e.displayName = row.string("display_name")
        e.role = try row.int32("role", default: 1)
        e.status = try row.int32("status", default: 1)
        e.email = row.string("email")
        e.group = row.string("group", default: "default")
        e.quota = try row.quota("quota")
        e.usedQuota = try row.quota("used_quota")
        e.requestCount = try row.int("request_count")
        e.createdAt = try row.int("created_at")
        var d = Oneledger_V1_ImportedUserDetails()
        d.affCode = row.string("aff_code")
        guard d.affCode.isEmpty || !affCodes.contains(d.affCode) else {
            throw Refusal(reason: "aff_code \(d.affCode) is another user's")
        }
        d.affCount = try row.int("aff_count")
        d.affQuota = try row.quota("aff_quota")
        d.affHistory = try row.quota("aff_history")
        d.inviterID = try row.int("inviter_id")
        d.setting = row.string("setting")
        d.remark = row.string("remark")
        let accessToken = row.string("access_token")
        if !accessToken.isEmpty { d.accessTokenSha256 = SecretSealer.fingerprint(accessToken) }
        d.deletedAt = row.string("deleted_at")
        d.lastLoginAt = try row.int("last_login_at")
        d.githubID = row.string("github_id")
        d.discordID = row.string("discord_id")
        d.oidcID = row.string("oidc_id")
        d.wechatID = row.string("wechat_id")
        d.telegramID = row.string("telegram_id")
        d.linuxDoID = row.string("linux_do_id")
        e.details = d
        e.origin = origin("users", rowid)
        users.insert(e.userID)
        if !d.affCode.isEmpty { affCodes.insert(d.affCode) }
        return e.event
    }

    mutating func token(_ rowid: Int64, _ row: SourceRow) throws(Refusal) -> LedgerEvent {
        var e = Oneledger_V1_TokenImported()
        e.tokenID = try row.int("id", default: rowid)
        e.userID = try row.int("user_id")
        guard e.tokenID > 0 else { throw Refusal(reason: "id is not positive") }
        guard users.contains(e.userID) else { throw Refusal(reason: "user \(e.userID) was not imported") }
        var key = row.string("key")
        if key.hasPrefix("sk-") { key.removeFirst(3) }
        guard !key.isEmpty else { throw Refusal(reason: "key is empty") }
        e.keyFingerprint = SecretSealer.fingerprint(key)
        guard !tokenKeys.contains(e.keyFingerprint) else { throw Refusal(reason: "key is another token's") }
        e.sealedKey = Data(try seal(key))
        var f = Oneledger_V1_TokenFields()
        f.name = row.string("name")
        f.status = try row.int32("status", default: 1)
        f.expiredTime = try row.int("expired_time", default: -1)
        f.remainQuota = try row.quota("remain_quota")
        f.unlimitedQuota = try row.bool("unlimited_quota")
        f.modelLimitsEnabled = try row.bool("model_limits_enabled")
        f.modelLimits = row.string("model_limits")
        f.allowIps = row.string("allow_ips")
        f.group = row.string("group")
        e.fields = f
        e.createdTime = try row.int("created_time")
        e.accessedTime = try row.int("accessed_time", default: e.createdTime)
        e.usedQuota = try row.quota("used_quota")
        e.crossGroupRetry = try row.bool("cross_group_retry")
        e.deletedAt = row.string("deleted_at")
        e.origin = origin("tokens", rowid)
        tokenKeys.insert(e.keyFingerprint)
        return e.event
    }

    mutating func channel(_ rowid: Int64, _ row: SourceRow) throws(Refusal) -> LedgerEvent {
        var e = Oneledger_V1_ChannelImported()
        e.channelID = try row.int("id", default: rowid)
        guard e.channelID > 0, !channels.contains(e.channelID) else {
            throw Refusal(reason: "id is not a new positive id")
        }
        let key = row.string("key")
        e.sealedKey = Data(try seal(key))
        e.keyFingerprint = key.isEmpty ? "" : SecretSealer.fingerprint(key)
        var f = Oneledger_V1_ChannelFields()
        f.type = try row.int32("type")
        f.name = row.string("name")
        f.status = try row.int32("status", default: 1)
        f.models = row.string("models")
        f.group = row.string("group", default: "default")
        f.priority = try row.int("priority")
        f.weight = try row.int("weight")
        f.baseURL = row.string("base_url")
        f.tag = row.string("tag")
        f.modelMapping = row.string("model_mapping")
        f.testModel = row.string("test_model")
        f.autoBan = try row.int32("auto_ban", default: 1)
        f.remark = row.string("remark")
        f.other = row.string("other")
        f.setting = row.string("setting")
        f.paramOverride = row.string("param_override")
        f.headerOverride = row.string("header_override")
        f.statusCodeMapping = row.string("status_code_mapping")
        f.openaiOrganization = row.string("openai_organization")
        f.settings = row.string("settings")
        f.otherInfo = row.string("other_info")
        if case .object(let info)? = JSONValue(parsing: row.string("channel_info")) {
            let fields = Dictionary(info, uniquingKeysWith: { first, _ in first })
            if case .bool(let multi)? = fields["is_multi_key"] { f.isMultiKey = multi }
            if case .int(let size)? = fields["multi_key_size"], let small = Int32(exactly: size) {
                f.multiKeySize = small
            }
            if case .string(let mode)? = fields["multi_key_mode"] { f.multiKeyMode = mode }
        }
        e.fields = f
        e.createdTime = try row.int("created_time")
        e.usedQuota = try row.quota("used_quota")
        e.testTime = try row.int("test_time")
        e.responseTime = try row.int("response_time")
        e.balance = try row.double("balance")
        e.balanceUpdatedTime = try row.int("balance_updated_time")
        e.origin = origin("channels", rowid)
        channels.insert(e.channelID)
        return e.event
    }

    mutating func redemption(_ rowid: Int64, _ row: SourceRow) throws(Refusal) -> LedgerEvent {
        var e = Oneledger_V1_RedemptionImported()
        e.redemptionID = try row.int("id", default: rowid)
        guard e.redemptionID > 0 else { throw Refusal(reason: "id is not positive") }
        let key = row.string("key")
        guard !key.isEmpty else { throw Refusal(reason: "key is empty") }
        e.keyFingerprint = SecretSealer.fingerprint(key)
        guard !redemptionKeys.contains(e.keyFingerprint) else { throw Refusal(reason: "key is another code's") }
        e.sealedKey = Data(try seal(key))
        e.creatorID = try row.int("user_id")
        e.status = try row.int32("status", default: 1)
        e.name = row.string("name")
        e.quota = try row.quota("quota")
        e.createdTime = try row.int("created_time")
        e.redeemedTime = try row.int("redeemed_time")
        e.usedUserID = try row.int("used_user_id")
        e.expiredTime = try row.int("expired_time")
        e.deletedAt = row.string("deleted_at")
        e.origin = origin("redemptions", rowid)
        redemptionKeys.insert(e.keyFingerprint)
        return e.event
    }

    func log(_ rowid: Int64, _ row: SourceRow) throws(Refusal) -> LedgerEvent {
        var e = Oneledger_V1_LogImported()
        e.userID = try row.int("user_id")
        e.createdAt = try row.int("created_at")
        e.type = try row.int32("type")
        guard (0...7).contains(e.type) else { throw Refusal(reason: "type \(e.type) is not a log type") }
        e.content = row.string("content")
        e.username = row.string("username")
        e.tokenID = try row.int("token_id")
        e.modelName = row.string("model_name")
        e.quota = try row.quota("quota")
        e.promptTokens = try row.int("prompt_tokens")
        e.completionTokens = try row.int("completion_tokens")
        e.useTime = try row.int("use_time")
        e.isStream = try row.bool("is_stream")
        e.channelID = try row.int("channel_id")
        e.group = row.string("group")
        var d = Oneledger_V1_ImportedLogDetails()
        d.ip = row.string("ip")
        d.requestID = row.string("request_id")
        d.other = row.string("other")
        d.tokenName = row.string("token_name")
        e.details = d
        e.origin = origin("logs", try row.int("id", default: rowid))
        return e.event
    }

    func quotaData(_ rowid: Int64, _ row: SourceRow) throws(Refusal) -> LedgerEvent {
        var e = Oneledger_V1_QuotaDataImported()
        e.userID = try row.int("user_id")
        e.username = row.string("username")
        e.modelName = row.string("model_name")
        e.createdAt = try row.int("created_at")
        e.tokenUsed = try row.int("token_used")
        e.count = try row.int("count")
        e.quota = try row.quota("quota")
        e.origin = origin("quota_data", try row.int("id", default: rowid))
        return e.event
    }

    private func seal(_ text: String) throws(Refusal) -> [UInt8] {
        do { return try sealer.seal(text) } catch { throw Refusal(reason: "could not seal a key: \(error)") }
    }
}
