import Engine
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Redemptions (admin)): redemption codes (admin). Keys are generated and sealed here, before the
/// command; each mutation's events carry the operator, so the manage log entry is theirs.
struct RedemptionRoutes: Sendable {
    let redemptions: RedemptionQueries
    let sealer: SecretSealer
    let commands: CommandRunner
    let clock: WallClock

    func register(admin router: some RouterMethods<SignedInContext>) {
        router.get("redemption", use: list)
        router.get("redemption/search", use: search)
        router.get("redemption/:id", use: get)
        router.post("redemption", use: create)
        router.put("redemption", use: update)
        router.delete("redemption/invalid", use: deleteInvalid)
        router.delete("redemption/:id", use: delete)
    }

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        try await respond(RedemptionQueries.Search(), PageQuery(request))
    }

    @Sendable func search(_ request: Request, context: SignedInContext) async throws -> Response {
        let query = request.uri.queryParameters
        var search = RedemptionQueries.Search()
        search.keyword = String((query["keyword"].map(String.init) ?? "").prefix(100))
        search.status = query["status"].map(String.init) ?? ""
        return try await respond(search, PageQuery(request))
    }

    @Sendable func get(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id(nonPositive: Self.emptyID)
        guard let code = try await redemptions.redemption(id: id) else {
            throw LedgerError.recordNotFound
        }
        return Envelope.success(RedemptionJSON(code, sealer: sealer))
    }

    struct Input: Decodable {
        var id: Int64?
        var name: String?
        var quota: Int64?
        var count: Int?
        var status: Int32?
        var expired_time: Int64?
    }

    @Sendable func create(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(Input.self, context: context)
        try RedemptionValidation.checkName(input.name ?? "")
        let count = input.count ?? 0
        if count <= 0 { throw LedgerError.redemptionCountTooSmall }
        if count > RedemptionValidation.maxCount { throw LedgerError.redemptionCountTooLarge }
        let plain = (0..<count).map { _ in RandomCodes.redemptionKey() }
        let keys = try plain.map { (sealed: try sealer.seal($0), fingerprint: SecretSealer.fingerprint($0)) }
        try await commands.run(
            CreateRedemptionCodes(
                operator: context.operatorInfo, name: input.name ?? "", quota: input.quota ?? 0,
                expiredTime: input.expired_time ?? 0, keys: keys),
            context)
        return Envelope.success(plain)
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let statusOnly = !(request.uri.queryParameters["status_only"] ?? "").isEmpty
        let input = try await request.decodeJSON(Input.self, context: context)
        guard let id = input.id, id > 0 else { throw APIError.refused("id 为空！") }
        try await commands.run(
            UpdateRedemptionCode(
                operator: context.operatorInfo, redemptionID: id, name: input.name ?? "",
                status: input.status ?? 0, quota: input.quota ?? 0, expiredTime: input.expired_time ?? 0,
                statusOnly: statusOnly),
            context)
        guard let code = try await redemptions.redemption(id: id) else { throw LedgerError.recordNotFound }
        return Envelope.success(RedemptionJSON(code, sealer: sealer))
    }

    @Sendable func delete(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id(nonPositive: Self.emptyID)
        try await commands.run(DeleteRedemptionCodes(operator: context.operatorInfo, redemptionID: id), context)
        return Envelope.success()
    }

    @Sendable func deleteInvalid(_ request: Request, context: SignedInContext) async throws -> Response {
        let events = try await commands.run(
            DeleteRedemptionCodes(operator: context.operatorInfo, redemptionID: nil), context)
        return Envelope.success(events.count)
    }

    // MARK: - Helpers

    /// The refusal of an `:id` of 0 or less.
    static let emptyID = APIError.refused("id 为空！")

    private func respond(_ search: RedemptionQueries.Search, _ paging: PageQuery) async throws -> Response {
        let page = try await redemptions.page(
            search, now: clock.seconds, offset: paging.offset, limit: paging.pageSize)
        return Envelope.success(
            Page(
                page: paging.page, pageSize: paging.pageSize, total: page.total,
                items: page.items.map { RedemptionJSON($0, sealer: sealer) }))
    }
}
