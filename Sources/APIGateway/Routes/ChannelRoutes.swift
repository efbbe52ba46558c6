import Engine
import Foundation
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Channels (admin)): channels (admin; the key route root only). Keys are sealed here, before the
/// command, and never appear in list, search or get. Every mutation writes a manage log entry.
struct ChannelRoutes: Sendable {
    let channels: ChannelQueries
    let sealer: SecretSealer
    let commands: CommandRunner

    func register(admin router: some RouterMethods<SignedInContext>, root: some RouterMethods<SignedInContext>) {
        router.get("channel", use: list)
        router.get("channel/search", use: search)
        router.get("channel/models", use: models)
        router.get("channel/models_enabled", use: modelsEnabled)
        router.get("channel/tag/models", use: tagModels)
        router.get("channel/:id", use: get)
        router.post("channel", use: add)
        router.put("channel", use: update)
        router.delete("channel/disabled", use: deleteDisabled)
        router.delete("channel/:id", use: delete)
        router.post("channel/batch", use: batchDelete)
        router.post("channel/fix", use: fix)
        router.post("channel/copy/:id", use: copy)
        root.post("channel/:id/key", use: key)
        ChannelTagRoutes(commands: commands).register(admin: router)
        ChannelKeyRoutes(channels: channels, sealer: sealer, commands: commands).register(admin: router)
    }

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        try await respond(ChannelFilter.read(request), PageQuery(request))
    }

    @Sendable func search(_ request: Request, context: SignedInContext) async throws -> Response {
        var filter = ChannelFilter.read(request)
        let query = request.uri.queryParameters
        filter.keyword = String((query["keyword"].map(String.init) ?? "").prefix(255))
        filter.keywordFingerprint = SecretSealer.fingerprint(filter.keyword)
        filter.model = String((query["model"].map(String.init) ?? "").prefix(255))
        return try await respond(filter, PageQuery(request))
    }

    @Sendable func models(_ request: Request, context: SignedInContext) async throws -> Response {
        Envelope.success(ModelCatalogue.models.map(CatalogueModelJSON.init))
    }

    @Sendable func modelsEnabled(_ request: Request, context: SignedInContext) async throws -> Response {
        Envelope.success(try await channels.enabledModels())
    }

    @Sendable func tagModels(_ request: Request, context: SignedInContext) async throws -> Response {
        let tag = request.uri.queryParameters["tag"].map(String.init) ?? ""
        guard !tag.isEmpty else { return Envelope.failure("tag不能为空", status: .badRequest) }
        return Envelope.success(try await channels.tagModels(tag))
    }

    @Sendable func get(_ request: Request, context: SignedInContext) async throws -> Response {
        guard let channel = try await channels.channel(id: try context.parameters.id()) else {
            throw LedgerError.recordNotFound
        }
        return Envelope.success(try await json(channel))
    }

    @Sendable func add(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(AddChannelInput.self, context: context)
        guard let channel = input.channel, let key = channel.key, !key.isEmpty else {
            throw APIError.refused("channel cannot be empty")
        }
        var fields = channel.fields
        let plainKeys = try addedKeys(
            input.mode ?? "single", key: key, fields: &fields, multiKeyMode: input.multi_key_mode)
        if plainKeys.isEmpty || plainKeys.count > 1000 { throw APIError.refused("channel cannot be empty") }
        let prefixNames = input.batch_add_set_key_prefix_2_name == true && plainKeys.count > 1
        let channels = try plainKeys.map { plain in
            var named = fields
            if prefixNames { named.name += " " + String(plain.prefix(8)) }
            return (fields: named, sealed: try sealer.seal(plain), fingerprint: SecretSealer.fingerprint(plain))
        }
        try await commands.run(AddChannels(operator: context.operatorInfo, channels: channels), context)
        return Envelope.success()
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(ChannelInput.self, context: context)
        let body = try await request.jsonObject(context: context)
        let present = Set(body.compactMap { $0.value == .null ? nil : $0.key })
        guard let id = input.id, id > 0 else { throw LedgerError.invalidParameters }
        let key = try await updatedKey(input, channelID: id)
        try await commands.run(
            UpdateChannel(
                operator: context.operatorInfo, channelID: id,
                patch: ChannelPatch(values: input.fields, present: present), newKey: key?.newKey, keyCount: key?.count,
                appendedTo: key?.appendedTo),
            context)
        guard let channel = try await channels.channel(id: id) else { throw LedgerError.recordNotFound }
        return Envelope.success(try await json(channel))
    }

    @Sendable func delete(_ request: Request, context: SignedInContext) async throws -> Response {
        try await commands.run(
            DeleteChannels(operator: context.operatorInfo, mode: .single(try context.parameters.id())), context)
        return Envelope.success()
    }

    @Sendable func deleteDisabled(_ request: Request, context: SignedInContext) async throws -> Response {
        let events = try await commands.run(DeleteChannels(operator: context.operatorInfo, mode: .disabled), context)
        return Envelope.success(events.count)
    }

    @Sendable func batchDelete(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(ChannelBatchInput.self, context: context, refusal: .refused("参数错误"))
        guard let ids = input.ids, !ids.isEmpty, ids.count <= 1000 else { throw APIError.refused("参数错误") }
        let events = try await commands.run(
            DeleteChannels(operator: context.operatorInfo, mode: .batch(ids)), context)
        return Envelope.success(events.count)
    }

    @Sendable func fix(_ request: Request, context: SignedInContext) async throws -> Response {
        let events = try await commands.run(RebuildAbilities(operator: context.operatorInfo), context)
        var processed: Int32 = 0
        if case .abilitiesRebuilt(let e) = events.first?.event { processed = e.channels }
        return Envelope.success(["success": Int(processed), "fails": 0])
    }

    @Sendable func copy(_ request: Request, context: SignedInContext) async throws -> Response {
        let query = request.uri.queryParameters
        let suffix = String((query["suffix"].map(String.init) ?? "_复制").prefix(64))
        let id = try context.parameters.id(refusal: APIError.refused("invalid id"))
        guard let source = try await channels.channel(id: id) else { throw APIError.refused("invalid id") }
        var fields = source.fields
        fields.name += suffix
        let plain = sealer.openOrEmpty(source.sealedKey)
        let events = try await commands.run(
            AddChannels(
                operator: context.operatorInfo,
                channels: [(fields, try sealer.seal(plain), source.keyFingerprint)], copiedFrom: id),
            context)
        guard case .channelCreated(let created) = events.first?.event else { throw LedgerError.recordNotFound }
        return Envelope.success(["id": created.channelID])
    }

    @Sendable func key(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id(refusal: APIError.refused("渠道ID格式错误"))
        try await commands.run(ViewChannelKey(operator: context.operatorInfo, channelID: id), context)
        guard let channel = try await channels.channel(id: id) else { throw APIError.refused("渠道不存在") }
        return Envelope.success(["key": sealer.openOrEmpty(channel.sealedKey)], message: "获取成功")
    }

    // MARK: - Helpers

    private func respond(_ filter: ChannelQueries.Filter, _ paging: PageQuery) async throws -> Response {
        let page = try await channels.page(filter, offset: paging.offset, limit: paging.pageSize)
        let statuses = try await channels.keyStatuses(channelIDs: page.items.filter(\.isMultiKey).map(\.id))
        return Envelope.success(
            ChannelPage(
                page: paging.page, page_size: paging.pageSize, total: page.total,
                items: page.items.map { ChannelJSON(record: $0, keyStatuses: statuses[$0.id] ?? [:]) },
                type_counts: page.typeCounts))
    }

    private func json(_ channel: ChannelRecord) async throws -> ChannelJSON {
        let statuses = try await channels.keyStatuses(channelIDs: [channel.id])
        return ChannelJSON(record: channel, keyStatuses: statuses[channel.id] ?? [:])
    }
}

/// A page of channels: the contract's `{page, page_size, total, items}` plus `type_counts`.
struct ChannelPage: Encodable {
    var page: Int
    var page_size: Int
    var total: Int
    var items: [ChannelJSON]
    var type_counts: [String: Int]
}

/// The list and search query parameters shared by both routes.
enum ChannelFilter {
    static func read(_ request: Request) -> ChannelQueries.Filter {
        let query = request.uri.queryParameters
        var filter = ChannelQueries.Filter()
        filter.group = query["group"].map(String.init) ?? ""
        filter.status = query["status"].map(String.init) ?? ""
        filter.type = query["type"].flatMap { Int32(String($0)) }
        filter.idSort = query["id_sort"] == "true" || query["id_sort"] == "1"
        filter.tagMode = query["tag_mode"] == "true" || query["tag_mode"] == "1"
        filter.sortBy = query["sort_by"].map(String.init) ?? ""
        filter.ascending = query["sort_order"] == "asc"
        return filter
    }
}

/// One entry of `GET /api/channel/models`.
struct CatalogueModelJSON: Encodable {
    var id: String
    var object = "model"
    var created = ModelCatalogue.created
    var owned_by: String
    var supported_endpoint_types: [String]

    init(_ model: ModelCatalogue.Model) {
        id = model.id
        owned_by = model.ownedBy
        supported_endpoint_types = model.supportedEndpointTypes
    }
}
