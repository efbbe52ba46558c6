import Engine
import HTTPTypes
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Tokens): a signed-in user's API tokens. Every read and write is scoped to the caller:
/// someone else's token answers exactly as a missing one ("record not found").
struct TokenRoutes: Sendable {
    let tokens: TokenQueries
    let sealer: SecretSealer
    let commands: CommandRunner
    let clock: WallClock

    /// - Parameter search: the signed-in group behind the per-user search limiter.
    func register(user router: some RouterMethods<SignedInContext>, search: some RouterMethods<SignedInContext>) {
        router.get("token", use: list)
        search.get("token/search", use: self.search)
        router.get("token/:id", use: get)
        router.post("token", use: create)
        router.put("token", use: update)
        router.delete("token/:id", use: delete)
        router.post("token/batch", use: batchDelete)
        router.post("token/:id/key", use: key)
    }

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        let paging = PageQuery(request)
        let page = try await tokens.list(userID: context.caller.id, offset: paging.offset, limit: paging.pageSize)
        return respond(page, paging)
    }

    @Sendable func search(_ request: Request, context: SignedInContext) async throws -> Response {
        let paging = PageQuery(request)
        let query = request.uri.queryParameters
        let name = try TokenNamePattern.parse(String((query["keyword"].map(String.init) ?? "").prefix(100)))
        var fingerprint: String?
        if var key = query["token"].map(String.init), !key.isEmpty {
            if key.hasPrefix("sk-") { key.removeFirst(3) }
            fingerprint = SecretSealer.fingerprint(key)
        }
        let page = try await tokens.search(
            userID: context.caller.id, name: name, fingerprint: fingerprint, offset: paging.offset,
            limit: paging.pageSize)
        return respond(page, paging)
    }

    @Sendable func get(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id(nonPositive: Self.emptyID)
        guard let token = try await tokens.token(id: id, userID: context.caller.id) else {
            throw LedgerError.recordNotFound
        }
        return Envelope.success(TokenJSON(token, sealer: sealer, now: clock.seconds))
    }

    @Sendable func create(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(TokenInput.self, context: context)
        let key = RandomCodes.alphanumeric(48)
        let events = try await commands.run(
            CreateToken(
                userID: context.caller.id, fields: input.fields, sealedKey: try sealer.seal(key),
                keyFingerprint: SecretSealer.fingerprint(key)),
            context)
        guard case .tokenCreated(let created) = events.first?.event,
            let token = try await tokens.token(id: created.tokenID, userID: context.caller.id)
        else { throw LedgerError.recordNotFound }
        return Envelope.success(TokenJSON(token, sealer: sealer, now: clock.seconds))
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let statusOnly = !(request.uri.queryParameters["status_only"] ?? "").isEmpty
        let input = try await request.decodeJSON(TokenInput.self, context: context)
        guard let id = input.id, id > 0 else { throw LedgerError.recordNotFound }
        try await commands.run(
            UpdateToken(userID: context.caller.id, tokenID: id, fields: input.fields, statusOnly: statusOnly), context)
        guard let token = try await tokens.token(id: id, userID: context.caller.id) else {
            throw LedgerError.recordNotFound
        }
        return Envelope.success(TokenJSON(token, sealer: sealer, now: clock.seconds))
    }

    @Sendable func delete(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id(nonPositive: Self.emptyID)
        try await commands.run(DeleteTokens(userID: context.caller.id, tokenIDs: [id], batch: false), context)
        return Envelope.success()
    }

    struct BatchInput: Decodable { var ids: [Int64]? }

    @Sendable func batchDelete(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(BatchInput.self, context: context)
        guard let ids = input.ids, !ids.isEmpty else { throw LedgerError.invalidParameters }
        if ids.count > 100 { throw APIError.refused("Too many items in batch request, maximum is 100") }
        let events = try await commands.run(
            DeleteTokens(userID: context.caller.id, tokenIDs: ids, batch: true), context)
        return Envelope.success(events.count)
    }

    @Sendable func key(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id(nonPositive: Self.emptyID)
        guard let token = try await tokens.token(id: id, userID: context.caller.id) else {
            throw LedgerError.recordNotFound
        }
        var response = Envelope.success(["key": sealer.openOrEmpty(token.sealedKey)])
        response.headers[.cacheControl] = "no-store"
        return response
    }

    // MARK: - Helpers

    /// The refusal of an `:id` of 0 or less.
    static let emptyID = APIError.refused("id 或 userId 为空！")

    private func respond(_ page: TokenQueries.Page, _ paging: PageQuery) -> Response {
        Envelope.success(
            Page(
                page: paging.page, pageSize: paging.pageSize, total: page.total,
                items: page.items.map { TokenJSON($0, sealer: sealer, now: clock.seconds) }))
    }
}
