import Engine
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Options (root)): root reads and writes the site options; secret keys are never shown.
struct OptionRoutes: Sendable {
    let options: OptionQueries
    let sealer: SecretSealer
    let commands: CommandRunner

    func register(root router: some RouterMethods<SignedInContext>) {
        router.get("option", use: list)
        router.put("option", use: update)
        router.post("option/rest_model_ratio", use: resetModelRatio)
        router.post("option/migrate_console_setting", use: migrateConsoleSetting)
    }

    struct Item: Encodable {
        var key: String
        var value: String
    }

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        let options = try await options.all()
        var items = options.filter { !OptionDefaults.isSecret($0.key) }.map { Item(key: $0.key, value: $0.value) }
        let values = Dictionary(options.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        items.append(Item(key: "CompletionRatioMeta", value: CompletionRatioMeta.value(options: values)))
        return Envelope.success(items)
    }

    struct Input: Decodable {
        var key: String
        var value: JSONValue?
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(
            Input.self, context: context, refusal: APIError(status: .badRequest, message: "无效的参数"))
        let value = input.value?.optionText ?? ""
        let sealed = OptionDefaults.isSecret(input.key) && !value.isEmpty ? try sealer.seal(value) : nil
        try await commands.run(
            UpdateOption(operator: context.operatorInfo, key: input.key, value: value, sealedValue: sealed), context)
        return Envelope.success()
    }
}

extension OptionRoutes {
    @Sendable func resetModelRatio(_ request: Request, context: SignedInContext) async throws -> Response {
        try await commands.run(ResetModelRatio(operator: context.operatorInfo), context)
        return Envelope.success(message: "重置模型倍率成功")
    }

    @Sendable func migrateConsoleSetting(_ request: Request, context: SignedInContext) async throws -> Response {
        try await commands.run(MigrateConsoleSetting(operator: context.operatorInfo), context)
        return Envelope.success(message: "migrated")
    }
}

/// docs/api.md (Groups (admin)): the group names of `GroupRatio` (admin).
struct GroupRoutes: Sendable {
    let options: OptionQueries

    func register(admin router: some RouterMethods<SignedInContext>) {
        router.get("group", use: list)
    }

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        Envelope.success(try await GroupsView.names(options))
    }
}
