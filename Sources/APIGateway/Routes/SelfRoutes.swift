import Engine
import Hummingbird
import Ledger
import NIOCore
import Projections

/// docs/api.md (Self-service): what a signed-in user does with their own account.
struct SelfRoutes: Sendable {
    let users: UserQueries
    let options: OptionQueries
    let channels: ChannelQueries
    let hasher: PasswordHasher
    let cache: ReadCache
    let commands: CommandRunner

    func register(user router: some RouterMethods<SignedInContext>, critical: some RouterMethods<SignedInContext>) {
        router.get("user/self", use: get)
        critical.put("user/self", use: update)
        router.delete("user/self", use: delete)
        router.get("user/self/groups", use: groups)
        router.get("user/models", use: models)
        router.get("models", use: modelsByChannelType)
        router.get("user/token", use: token)
        router.get("user/aff", use: aff)
        router.put("user/setting", use: setting)
    }

    @Sendable func get(_ request: Request, context: SignedInContext) async throws -> Response {
        // The caller's row was read under the current generation; its answer is cached with it.
        let body = cache.selfBody(context.caller.user) { Envelope.successBytes(SelfJSON.make($0)) }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(context: context)
        for key in ["sidebar_modules", "language"] where body[key] != nil {
            guard let value = body[key]?.stringValue, value.utf8.count <= 65_536 else {
                throw LedgerError.invalidParameters
            }
            try await commands.run(ChangeOwnSetting(userID: context.caller.id, key: key, value: value), context)
            return Envelope.success(message: "Update successful")
        }
        func field(_ key: String) throws -> String {
            guard let value = body[key] else { return "" }
            guard let text = value.stringValue else { throw LedgerError.invalidInput("") }
            return text
        }
        let username = try field("username")
        let displayName = try field("display_name")
        let password = try field("password")
        let original = try field("original_password")
        if !username.isEmpty { try UserValidation.checkUsername(username) }
        try UserValidation.checkDisplayName(displayName)
        var hash = ""
        if !password.isEmpty {
            try UserValidation.checkPassword(password)
            guard !context.caller.user.password.isEmpty else {
                throw APIError.refused(
                    "This account has no password set. Please use password reset or contact an administrator to reset it."
                )
            }
            guard original.utf8.count <= 72, try await hasher.verify(original, hash: context.caller.user.password)
            else {
                throw APIError.refused("Original password is incorrect")
            }
            hash = try await hasher.hash(password)
        }
        try await commands.run(
            UpdateOwnProfile(
                userID: context.caller.id, username: username, displayName: displayName, passwordHash: hash),
            context)
        return Envelope.success()
    }

    @Sendable func delete(_ request: Request, context: SignedInContext) async throws -> Response {
        try await commands.run(DeleteOwnAccount(userID: context.caller.id), context)
        return Envelope.success()
    }

    @Sendable func groups(_ request: Request, context: SignedInContext) async throws -> Response {
        return Envelope.success(try await GroupsView.usable(options, userGroup: context.caller.user.group))
    }

    /// The models enabled channels offer in the caller's usable groups (or in `?group=`, when
    /// usable); `null` when there are none, as New API answers.
    @Sendable func models(_ request: Request, context: SignedInContext) async throws -> Response {
        let usable = try await GroupsView.usableNames(options, userGroup: context.caller.user.group)
        let wanted = request.uri.queryParameters["group"].map(String.init) ?? ""
        if !wanted.isEmpty && !usable.contains(wanted) { return Envelope.success([String]()) }
        let models = try await channels.enabledModels(inGroups: wanted.isEmpty ? usable : [wanted])
        return models.isEmpty ? Envelope.success(JSONValue.null) : Envelope.success(models)
    }

    /// `GET /api/models`: for the caller's group, the models enabled channels offer, keyed by
    /// channel type (docs/api.md: from the abilities read model).
    @Sendable func modelsByChannelType(_ request: Request, context: SignedInContext) async throws -> Response {
        let byType = try await channels.enabledModelsByChannelType(group: context.caller.user.group)
        return Envelope.successWithoutMessage(
            JSONValue.object(byType.map { (String($0.type), JSONValue.array($0.models.map(JSONValue.string))) }))
    }

    @Sendable func token(_ request: Request, context: SignedInContext) async throws -> Response {
        let token = RandomCodes.accessToken()
        try await commands.run(
            IssueAccessToken(userID: context.caller.id, tokenSHA256: RandomCodes.fingerprint(token)), context)
        return Envelope.success(token)
    }

    @Sendable func setting(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(NotificationSettingInput.self, context: context)
        let setting = try input.settingText(isAdmin: context.caller.role >= Role.admin)
        try await commands.run(ReplaceOwnSetting(userID: context.caller.id, setting: setting), context)
        return Envelope.successNullData(message: "Settings updated")
    }

    @Sendable func aff(_ request: Request, context: SignedInContext) async throws -> Response {
        if !context.caller.user.affCode.isEmpty { return Envelope.success(context.caller.user.affCode) }
        let events = try await commands.run(
            AssignAffCode(userID: context.caller.id, candidates: RandomCodes.affCodeCandidates()), context)
        for recorded in events {
            if case .userAffCodeAssigned(let assigned) = recorded.event { return Envelope.success(assigned.affCode) }
        }
        return Envelope.success(try await users.user(id: context.caller.id)?.affCode ?? "")
    }
}
