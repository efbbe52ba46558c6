import Engine
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Users (admin)): admin user management — list, search, get, create, update, manage, delete.
/// Every mutation's events carry the operator, so the manage log entry is theirs.
struct AdminUserRoutes: Sendable {
    let users: UserQueries
    let hasher: PasswordHasher
    let commands: CommandRunner

    func register(admin router: some RouterMethods<SignedInContext>) {
        router.get("user", use: list)
        router.get("user/search", use: search)
        router.get("user/:id", use: get)
        router.post("user", use: create)
        router.put("user", use: update)
        router.post("user/manage", use: manage)
        router.delete("user/:id", use: delete)
    }

    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        let paging = PageQuery(request)
        let query = request.uri.queryParameters
        let page = try await users.list(
            offset: paging.offset, limit: paging.pageSize, sortBy: query["sort_by"].map(String.init) ?? "",
            ascending: query["sort_order"] == "asc")
        return Envelope.success(
            Page(
                page: paging.page, pageSize: paging.pageSize, total: page.total,
                items: page.items.map { UserJSON(user: $0) }))
    }

    @Sendable func search(_ request: Request, context: SignedInContext) async throws -> Response {
        let paging = PageQuery(request)
        let query = request.uri.queryParameters
        var search = UserQueries.Search()
        search.keyword = String((query["keyword"].map(String.init) ?? "").prefix(100))
        search.group = query["group"].map(String.init) ?? ""
        search.role = query["role"].flatMap { Int32(String($0)) }
        search.status = query["status"].flatMap { Int32(String($0)) }
        if search.role == 0 { search.role = nil }
        if search.status == 0 { search.status = nil }
        let page = try await users.page(
            search, offset: paging.offset, limit: paging.pageSize, sortBy: query["sort_by"].map(String.init) ?? "",
            ascending: query["sort_order"] == "asc")
        return Envelope.success(
            Page(
                page: paging.page, pageSize: paging.pageSize, total: page.total,
                items: page.items.map { UserJSON(user: $0) }))
    }

    @Sendable func get(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id()
        guard let user = try await users.user(id: id), user.deletedAt == nil else {
            throw LedgerError.recordNotFound
        }
        if !(context.caller.role == Role.root || context.caller.role > user.role) { throw LedgerError.noPermissionGet }
        return Envelope.success(UserJSON(user: user, adminPermissions: UserJSON.permissions(role: user.role)))
    }

    struct CreateInput: Decodable {
        var username: String?
        var password: String?
        var display_name: String?
        var role: Int32?
        var admin_permissions: JSONValue?
    }

    @Sendable func create(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(CreateInput.self, context: context)
        guard let username = input.username, let password = input.password, !username.isEmpty, !password.isEmpty else {
            throw LedgerError.invalidParameters
        }
        if let permissions = input.admin_permissions, permissions != .null, context.caller.role != Role.root {
            throw APIError.refused("only root can update admin permissions")
        }
        try UserValidation.checkUsername(username)
        try UserValidation.checkPassword(password)
        try UserValidation.checkDisplayName(input.display_name ?? "")
        let role = input.role ?? 0
        if role >= context.caller.role { throw LedgerError.cannotCreateEqualOrHigher }
        let hash = try await hasher.hash(password)
        try await commands.run(
            CreateUser(
                operator: context.operatorInfo, username: username, passwordHash: hash,
                displayName: input.display_name ?? "", role: role, affCodeCandidates: RandomCodes.affCodeCandidates()),
            context)
        return Envelope.success()
    }

    struct UpdateInput: Decodable {
        var id: Int64?
        var username: String?
        var display_name: String?
        var group: String?
        var remark: String?
        var password: String?
        var role: Int32?
        var admin_permissions: JSONValue?
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(UpdateInput.self, context: context)
        guard let id = input.id, id > 0, let username = input.username, !username.isEmpty else {
            throw LedgerError.invalidParameters
        }
        if let permissions = input.admin_permissions, permissions != .null, context.caller.role != Role.root {
            throw APIError.refused("only root can update admin permissions")
        }
        try UserValidation.checkUsername(username)
        try UserValidation.checkDisplayName(input.display_name ?? "")
        try UserValidation.checkRemark(input.remark ?? "")
        try UserValidation.checkGroup(input.group ?? "")
        let password = input.password ?? ""
        var hash = ""
        if !password.isEmpty {
            try UserValidation.checkPassword(password)
            hash = try await hasher.hash(password)
        }
        try await commands.run(
            UpdateUser(
                operator: context.operatorInfo, userID: id, username: username,
                displayName: input.display_name ?? "", group: input.group ?? "", remark: input.remark ?? "",
                passwordHash: hash, role: input.role ?? 0),
            context)
        return Envelope.success()
    }

    struct ManageInput: Decodable {
        var id: Int64?
        var action: String?
        var value: Int64?
        var mode: String?
    }

    @Sendable func manage(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(ManageInput.self, context: context)
        guard let id = input.id, let actionName = input.action else { throw LedgerError.invalidParameters }
        let action: ManageUser.Action
        switch actionName {
        case "disable": action = .disable
        case "enable": action = .enable
        case "delete": action = .delete
        case "promote": action = .promote
        case "demote": action = .demote
        case "add_quota": action = .addQuota(mode: input.mode ?? "", value: input.value ?? 0)
        default: throw LedgerError.invalidParameters
        }
        let events = try await commands.run(
            ManageUser(operator: context.operatorInfo, userID: id, action: action), context)
        switch events.first?.event {
        case .userStatusChanged, .userRoleChanged:
            let user = try await users.user(id: id)
            return Envelope.success(ManageResultView(role: user?.role ?? 0, status: user?.status ?? 0))
        default:
            return Envelope.success()
        }
    }

    @Sendable func delete(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = try context.parameters.id()
        try await commands.run(PurgeUser(operator: context.operatorInfo, userID: id), context)
        return Envelope.success()
    }
}
