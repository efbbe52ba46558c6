import Hummingbird
import Ledger
import Projections

/// docs/api.md (Channels (admin)), tag operations: disable or enable every channel with a tag, edit a tag's
/// channels, and set the tag of many channels. Each is one command, one batch of events.
struct ChannelTagRoutes: Sendable {
    let commands: CommandRunner

    func register(admin router: some RouterMethods<SignedInContext>) {
        router.post("channel/tag/disabled", use: disable)
        router.post("channel/tag/enabled", use: enable)
        router.put("channel/tag", use: edit)
        router.post("channel/batch/tag", use: batchTag)
    }

    @Sendable func disable(_ request: Request, context: SignedInContext) async throws -> Response {
        try await setStatus(request, context, ChannelStatus.manuallyDisabled)
    }

    @Sendable func enable(_ request: Request, context: SignedInContext) async throws -> Response {
        try await setStatus(request, context, ChannelStatus.enabled)
    }

    private func setStatus(_ request: Request, _ context: SignedInContext, _ status: Int32) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(ChannelTagInput.self, context: context, refusal: .refused("参数错误"))
        guard let tag = input.tag, !tag.isEmpty else { throw APIError.refused("参数错误") }
        try await commands.run(SetChannelTagStatus(operator: context.operatorInfo, tag: tag, status: status), context)
        return Envelope.success()
    }

    @Sendable func edit(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(ChannelTagInput.self, context: context, refusal: .refused("参数错误"))
        try await commands.run(
            EditChannelTag(
                operator: context.operatorInfo, tag: input.tag ?? "", newTag: input.new_tag,
                priority: input.priority, weight: input.weight, modelMapping: input.model_mapping, models: input.models,
                groups: input.groups),
            context)
        return Envelope.success()
    }

    @Sendable func batchTag(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(ChannelBatchInput.self, context: context, refusal: .refused("参数错误"))
        guard let ids = input.ids, !ids.isEmpty, ids.count <= 1000 else { throw APIError.refused("参数错误") }
        try await commands.run(
            SetChannelsTag(operator: context.operatorInfo, channelIDs: ids, tag: input.tag ?? ""), context)
        return Envelope.success(ids.count)
    }
}
