import Engine
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Channels (admin)), `POST /api/channel/multi_key/manage` (docs/api.md, Channels (admin)): the keys of a
/// multi-key channel. `get_key_status` reads; every other action is one `ManageChannelKeys`.
struct ChannelKeyRoutes: Sendable {
    let channels: ChannelQueries
    let sealer: SecretSealer
    let commands: CommandRunner

    func register(admin router: some RouterMethods<SignedInContext>) {
        router.post("channel/multi_key/manage", use: manage)
    }

    /// The body of the route.
    struct ManageInput: Decodable {
        var channel_id: Int64?
        var action: String?
        var key_index: Int?
        var page: Int?
        var page_size: Int?
        var status: Int32?
    }

    @Sendable func manage(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(ManageInput.self, context: context)
        guard let id = input.channel_id, let channel = try await channels.channel(id: id) else {
            throw APIError.refused("渠道不存在")
        }
        guard channel.isMultiKey else { throw APIError.refused("该渠道不是多密钥模式") }
        if input.action == "get_key_status" { return try await keyStatus(channel, input) }
        guard let action = input.action.flatMap(ManageChannelKeys.Action.init(rawValue:)) else {
            throw APIError.refused("不支持的操作")
        }
        let keyIndex = input.key_index.map { Int32(clamping: $0) }
        let rekey = try await self.rekey(channel, action: action, keyIndex: keyIndex)
        let events = try await commands.run(
            ManageChannelKeys(
                operator: context.operatorInfo, channelID: id, action: action, keyIndex: keyIndex, rekey: rekey
            ),
            context)
        var count: Int32 = 0
        if case .channelKeysManaged(let e) = events.first?.event { count = e.count }
        switch action {
        case .disableKey: return Envelope.success(message: "密钥已禁用")
        case .enableKey: return Envelope.success(message: "密钥已启用")
        case .enableAllKeys: return Envelope.success(message: "已启用 \(count) 个密钥")
        case .disableAllKeys: return Envelope.success(message: "已禁用 \(count) 个密钥")
        case .deleteKey: return Envelope.success(message: "密钥已删除")
        case .deleteDisabledKeys: return Envelope.success(Int(count), message: "已删除 \(count) 个自动禁用的密钥")
        }
    }

    /// For the deleting actions: the keys that remain, sealed, and which indexes went.
    private func rekey(
        _ channel: ChannelRecord, action: ManageChannelKeys.Action, keyIndex: Int32?
    ) async throws -> ManageChannelKeys.Rekey? {
        let removed: [Int32]
        switch action {
        case .deleteKey:
            guard let keyIndex else { return nil }
            removed = [keyIndex]
        case .deleteDisabledKeys:
            let statuses = try await channels.keyStatuses(channelIDs: [channel.id])[channel.id] ?? [:]
            removed = statuses.values.filter {
                $0.status == ChannelStatus.autoDisabled && $0.keyIndex < channel.multiKeySize
            }
            .map(\.keyIndex).sorted()
        default:
            return nil
        }
        let keys = ChannelKeys.split(sealer.openOrEmpty(channel.sealedKey))
        let remaining = keys.enumerated().filter { !removed.contains(Int32($0.offset)) }.map(\.element).joined(
            separator: "\n")
        return ManageChannelKeys.Rekey(
            removed: removed, sealed: try sealer.seal(remaining),
            fingerprint: SecretSealer.fingerprint(remaining),
            basedOn: channel.keyFingerprint)
    }

    /// `get_key_status`: a page of the keys (masked previews only) and the counts of all keys.
    private func keyStatus(_ channel: ChannelRecord, _ input: ManageInput) async throws -> Response {
        let keys = ChannelKeys.split(sealer.openOrEmpty(channel.sealedKey))
        let statuses = try await channels.keyStatuses(channelIDs: [channel.id])[channel.id] ?? [:]
        let all = keys.enumerated().map { index, key in
            let stored = statuses[Int32(index)]
            return KeyStatusJSON(
                index: index, status: Int(stored?.status ?? ChannelStatus.enabled), disabled_time: stored?.disabledTime,
                reason: stored.flatMap { $0.reason.isEmpty ? nil : $0.reason }, key_preview: ChannelKeys.preview(key))
        }
        let filtered = input.status.map { wanted in all.filter { $0.status == wanted } } ?? all
        let pageSize = min(max(input.page_size ?? 50, 1), 1000)
        let pages = max((filtered.count + pageSize - 1) / pageSize, 1)
        let page = min(max(input.page ?? 1, 1), pages)
        let start = min((page - 1) * pageSize, filtered.count)
        return Envelope.success(
            KeyStatusPage(
                keys: Array(filtered[start..<min(start + pageSize, filtered.count)]), total: filtered.count, page: page,
                page_size: pageSize, total_pages: pages, enabled_count: all.filter { $0.status == 1 }.count,
                manual_disabled_count: all.filter { $0.status == 2 }.count,
                auto_disabled_count: all.filter { $0.status == 3 }.count))
    }
}

/// One key in `get_key_status`: never the key itself, only a short preview.
struct KeyStatusJSON: Encodable {
    var index: Int
    var status: Int
    var disabled_time: Int64?
    var reason: String?
    var key_preview: String
}

/// The `data` of `get_key_status`.
struct KeyStatusPage: Encodable {
    var keys: [KeyStatusJSON]
    var total: Int
    var page: Int
    var page_size: Int
    var total_pages: Int
    var enabled_count: Int
    var manual_disabled_count: Int
    var auto_disabled_count: Int
}
