import Engine
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import Projections
import Replay

/// OneLedger's forensic routes (docs/api.md, Ledger forensics): a user's quota audit with
/// running balances (admin, or the caller's own under `self`), the state of a user, token or
/// channel at a moment (admin), and the reconciliation of charges and balances (root).
struct LedgerAuditRoutes: Sendable {
    let engine: Engine
    let sealer: SecretSealer
    let clock: WallClock

    func register(
        user: some RouterMethods<SignedInContext>, admin: some RouterMethods<SignedInContext>,
        root: some RouterMethods<SignedInContext>
    ) {
        user.get("ledger/audit/user/self", use: auditSelf)
        admin.get("ledger/audit/user/:id", use: audit)
        admin.get("ledger/state/user/:id", use: userState)
        admin.get("ledger/state/token/:id", use: tokenState)
        admin.get("ledger/state/channel/:id", use: channelState)
        root.get("ledger/reconcile", use: reconcile)
    }

    @Sendable func auditSelf(_ request: Request, context: SignedInContext) async throws -> Response {
        try await auditPage(context.caller.id, request, context)
    }

    @Sendable func audit(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id()
        if id != context.caller.id, let target = try await engine.users.user(id: id),
            !(context.caller.role == Role.root || context.caller.role > target.role)
        {
            throw LedgerError.noPermissionGet
        }
        return try await auditPage(id, request, context)
    }

    private func auditPage(_ user: Int64, _ request: Request, _ context: SignedInContext) async throws -> Response {
        let query = request.uri.queryParameters
        let at = try point(query["at"].map(String.init))
        let after = try number(query["after"].map(String.init), name: "after") ?? 0
        let limit = try number(query["limit"].map(String.init), name: "limit").map(Int.init) ?? Audit.defaultLimit
        guard (1...Audit.maxLimit).contains(limit) else {
            throw APIError.refused("limit must be 1 to \(Audit.maxLimit)")
        }
        do {
            return Envelope.success(
                try await Audit.page(engine: engine, user: user, at: at, after: after, limit: limit))
        } catch let mismatch as AuditMismatch {
            context.logger.critical("audit mismatch", metadata: ["user.id": "\(user)", "error": "\(mismatch)"])
            throw APIError.refused(mismatch.description)
        }
    }

    @Sendable func userState(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id()
        let moment = try await fold(.user, id, request)
        guard let user = try await UserQueries(reader: moment.readModels.reader).user(id: id), user.deletedAt == nil
        else { throw LedgerError.recordNotFound }
        if !(context.caller.role == Role.root || context.caller.role > user.role) { throw LedgerError.noPermissionGet }
        return Self.folded(
            Envelope.success(UserJSON(user: user, adminPermissions: UserJSON.permissions(role: user.role))), moment)
    }

    /// The token as its owner's GET answered, except that the key is masked as New API masks
    /// keys in lists: only the owner ever sees a whole key.
    @Sendable func tokenState(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id()
        let moment = try await fold(.token, id, request)
        guard let token = try await moment.readModels.token(id: id) else { throw LedgerError.recordNotFound }
        let key = Self.masked(sealer.openOrEmpty(token.sealedKey))
        return Self.folded(Envelope.success(TokenJSON(token, key: key, now: moment.seconds)), moment)
    }

    static let eventsFoldedHeader = HTTPField.Name("X-OneLedger-Events-Folded")!
    static let snapshotSeqHeader = HTTPField.Name("X-OneLedger-Snapshot-Seq")!

    /// A state answer with how it was computed: the events folded and the snapshot's seq (0: none).
    static func folded(_ response: Response, _ moment: StateAt.Moment) -> Response {
        var response = response
        response.headers[eventsFoldedHeader] = String(moment.events)
        response.headers[snapshotSeqHeader] = String(moment.snapshot ?? 0)
        return response
    }

    /// New API's `MaskTokenKey`: first 4 + ten asterisks + last 4 (shorter keys: less shown).
    static func masked(_ key: String) -> String {
        let characters = Array(key)
        switch characters.count {
        case 0: return ""
        case 1...4: return String(repeating: "*", count: characters.count)
        case 5...8: return String(characters.prefix(2)) + "****" + String(characters.suffix(2))
        default: return String(characters.prefix(4)) + "**********" + String(characters.suffix(4))
        }
    }

    @Sendable func channelState(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id()
        let moment = try await fold(.channel, id, request)
        let channels = ChannelQueries(reader: moment.readModels.reader)
        guard let channel = try await channels.channel(id: id) else { throw LedgerError.recordNotFound }
        let statuses = try await channels.keyStatuses(channelIDs: [id])
        return Self.folded(Envelope.success(ChannelJSON(record: channel, keyStatuses: statuses[id] ?? [:])), moment)
    }

    @Sendable func reconcile(_ request: Request, context: SignedInContext) async throws -> Response {
        let query = request.uri.queryParameters
        let from = try number(query["from"].map(String.init), name: "from") ?? 0
        let to = try number(query["to"].map(String.init), name: "to") ?? UInt64(clock.seconds)
        guard from <= to, to < 1 << 40 else { throw APIError.refused("from must not be after to") }
        let report = try await Reconcile.run(engine: engine, from: Int64(from), to: Int64(to))
        if !report.ok {
            context.logger.error(
                "reconciliation found differences",
                metadata: ["differences": "\(report.differences.count)", "balances": "\(report.balances.count)"])
        }
        return Envelope.success(report)
    }

    // MARK: - Input

    private func fold(_ kind: StateAt.Kind, _ id: Int64, _ request: Request) async throws -> StateAt.Moment {
        let at = try point(request.uri.queryParameters["at"].map(String.init))
        return try await StateAt.fold(engine: engine, kind: kind, id: id, at: at, now: clock.seconds)
    }

    private func point(_ text: String?) throws -> AuditPoint {
        guard let point = AuditPoint(parsing: text) else {
            throw APIError.refused("at must be a Unix time in seconds or seq:N")
        }
        return point
    }

    /// An optional non-negative integer parameter; empty means absent.
    private func number(_ text: String?, name: String) throws -> UInt64? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = UInt64(text), value < 1 << 53 else {
            throw APIError.refused("\(name) must be a non-negative integer")
        }
        return value
    }
}
