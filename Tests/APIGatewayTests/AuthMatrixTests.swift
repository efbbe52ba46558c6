import Foundation
import HTTPTypes
import Testing

/// Every authenticated route × every kind of caller, against docs/api.md
@Suite struct AuthMatrixTests {
    enum Level: Int {
        case user = 1
        case admin = 10
        case root = 100
    }

    struct Route: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        var level: Level
        /// Routes that change the caller's own credentials or account (delete self, rotate the
        /// access token) are walked for every refusal; their success is covered elsewhere.
        var refusalsOnly = false
    }

    static let routes: [Route] = [
        Route(method: .get, path: "/api/user/self", level: .user),
        Route(method: .put, path: "/api/user/self", body: #"{"language":"en"}"#, level: .user),
        Route(method: .get, path: "/api/user/self/groups", level: .user),
        Route(method: .get, path: "/api/user/models", level: .user),
        Route(method: .get, path: "/api/user/aff", level: .user),
        Route(method: .get, path: "/api/models", level: .user),
        Route(method: .get, path: "/api/user/", level: .admin),
        Route(method: .get, path: "/api/user/search?keyword=a", level: .admin),
        Route(method: .get, path: "/api/user/999", level: .admin),
        Route(method: .post, path: "/api/user/", body: #"{"username":""}"#, level: .admin),
        Route(method: .put, path: "/api/user/", body: #"{"id":999,"username":"nobody"}"#, level: .admin),
        Route(method: .post, path: "/api/user/manage", body: #"{"id":999,"action":"disable"}"#, level: .admin),
        Route(method: .delete, path: "/api/user/999", level: .admin),
        Route(method: .get, path: "/api/group/", level: .admin),
        Route(method: .get, path: "/api/channel/models", level: .admin),
        Route(
            method: .post, path: "/api/channel/multi_key/manage",
            body: #"{"channel_id":999,"action":"get_key_status"}"#, level: .admin),
        Route(method: .get, path: "/api/status/test", level: .admin),
        Route(method: .put, path: "/api/user/setting", body: #"{"notify_type":"x"}"#, level: .user),
        Route(method: .get, path: "/api/option/", level: .root),
        Route(method: .post, path: "/api/option/migrate_console_setting", body: "{}", level: .root),
        Route(method: .put, path: "/api/option/", body: #"{"key":"Notice","value":"x"}"#, level: .root),
        Route(method: .post, path: "/api/option/rest_model_ratio", body: "{}", level: .root),
        Route(method: .delete, path: "/api/user/self", level: .user, refusalsOnly: true),
        Route(method: .get, path: "/api/user/token", level: .user, refusalsOnly: true),
        Route(method: .post, path: "/api/user/topup", body: #"{"key":"no-such-code"}"#, level: .user),
        // Tokens (docs/api.md), always the caller's own.
        Route(method: .get, path: "/api/token/", level: .user),
        Route(method: .get, path: "/api/token/search?keyword=a", level: .user),
        Route(method: .post, path: "/api/token/", body: #"{"name":"matrix"}"#, level: .user),
        Route(method: .put, path: "/api/token/", body: #"{"id":999999,"name":"x"}"#, level: .user),
        Route(method: .get, path: "/api/token/999999", level: .user),
        Route(method: .delete, path: "/api/token/999999", level: .user),
        Route(method: .post, path: "/api/token/999999/key", level: .user),
        Route(method: .post, path: "/api/token/batch", body: #"{"ids":[999999]}"#, level: .user),
        // Redemptions (§4).
        Route(method: .get, path: "/api/redemption/", level: .admin),
        Route(method: .get, path: "/api/redemption/search?keyword=a", level: .admin),
        Route(method: .post, path: "/api/redemption/", body: #"{"name":"matrix","count":1,"quota":1}"#, level: .admin),
        Route(method: .put, path: "/api/redemption/", body: #"{"id":999999,"name":"x"}"#, level: .admin),
        Route(method: .get, path: "/api/redemption/999999", level: .admin),
        Route(method: .delete, path: "/api/redemption/999999", level: .admin),
        Route(method: .delete, path: "/api/redemption/invalid", level: .admin),
        // Channels (§3).
        Route(method: .get, path: "/api/channel/", level: .admin),
        Route(method: .get, path: "/api/channel/search?keyword=a", level: .admin),
        Route(method: .get, path: "/api/channel/models", level: .admin),
        Route(method: .get, path: "/api/channel/models_enabled", level: .admin),
        Route(
            method: .post, path: "/api/channel/",
            body: #"{"mode":"single","channel":{"name":"m","type":1,"key":"k","models":"gpt-4o","group":"default"}}"#,
            level: .admin),
        Route(method: .put, path: "/api/channel/", body: #"{"id":999999,"name":"x"}"#, level: .admin),
        Route(method: .get, path: "/api/channel/999999", level: .admin),
        Route(method: .delete, path: "/api/channel/999999", level: .admin),
        Route(method: .post, path: "/api/channel/999999/key", level: .root),
        Route(method: .delete, path: "/api/channel/disabled", level: .admin),
        Route(method: .post, path: "/api/channel/batch", body: #"{"ids":[999999]}"#, level: .admin),
        Route(method: .post, path: "/api/channel/batch/tag", body: #"{"ids":[999999],"tag":"x"}"#, level: .admin),
        Route(method: .put, path: "/api/channel/tag", body: #"{"tag":"none"}"#, level: .admin),
        Route(method: .get, path: "/api/channel/tag/models?tag=none", level: .admin),
        Route(method: .post, path: "/api/channel/tag/disabled", body: #"{"tag":"none"}"#, level: .admin),
        Route(method: .post, path: "/api/channel/tag/enabled", body: #"{"tag":"none"}"#, level: .admin),
        Route(method: .post, path: "/api/channel/fix", level: .admin),
        Route(method: .post, path: "/api/channel/copy/999999", level: .admin),
        Route(method: .get, path: "/api/channel/test", level: .admin),
        Route(method: .get, path: "/api/channel/test/999999", level: .admin),
        Route(method: .get, path: "/api/channel/update_balance", level: .admin),
        Route(method: .get, path: "/api/channel/update_balance/999999", level: .admin),
        Route(method: .get, path: "/api/channel/fetch_models/999999", level: .admin),
        Route(method: .post, path: "/api/channel/fetch_models", body: #"{"type":1,"key":"k"}"#, level: .admin),
        // Logs (§5), statistics (§6), drawing and task logs (§7).
        Route(method: .get, path: "/api/log/?type=0&username=&channel=", level: .admin),
        Route(method: .delete, path: "/api/log/?target_timestamp=1", level: .admin),
        Route(method: .get, path: "/api/log/stat", level: .admin),
        Route(method: .get, path: "/api/log/search?keyword=a", level: .admin),
        Route(method: .get, path: "/api/log/self/", level: .user),
        Route(method: .get, path: "/api/log/self/stat", level: .user),
        Route(method: .get, path: "/api/log/self/search?keyword=a", level: .user),
        Route(method: .get, path: "/api/log/export?format=jsonl", level: .admin),
        Route(method: .get, path: "/api/log/self/export", level: .user),
        // Streams never end on their own: their success is walked by LogStreamTests.
        Route(method: .get, path: "/api/log/stream", level: .admin, refusalsOnly: true),
        Route(method: .get, path: "/api/log/self/stream", level: .user, refusalsOnly: true),
        Route(method: .get, path: "/api/data/", level: .admin),
        Route(method: .get, path: "/api/data/users", level: .admin),
        Route(method: .get, path: "/api/data/self/", level: .user),
        Route(method: .get, path: "/api/mj/", level: .admin),
        Route(method: .get, path: "/api/mj/self/", level: .user),
        Route(method: .get, path: "/api/task/", level: .admin),
        Route(method: .get, path: "/api/task/self", level: .user),
        // Ledger forensics (docs/api.md).
        Route(method: .get, path: "/api/ledger/audit/user/self", level: .user),
        Route(method: .get, path: "/api/ledger/audit/user/999999?at=seq:5", level: .admin),
        Route(method: .get, path: "/api/ledger/state/user/999999", level: .admin),
        Route(method: .get, path: "/api/ledger/state/token/999999?at=1", level: .admin),
        Route(method: .get, path: "/api/ledger/state/channel/999999", level: .admin),
        Route(method: .get, path: "/api/ledger/reconcile", level: .root),
        // The outside world: e-mail bind, payments, ratio sync (docs/api.md).
        Route(method: .get, path: "/api/oauth/email/bind?email=a@example.com&code=x", level: .user),
        Route(
            method: .post, path: "/api/oauth/email/bind", body: #"{"email":"a@example.com","code":"x"}"#, level: .user),
        Route(method: .post, path: "/api/user/amount", body: #"{"amount":1}"#, level: .user),
        Route(method: .post, path: "/api/user/pay", body: #"{"amount":1,"payment_method":"alipay"}"#, level: .user),
        Route(method: .post, path: "/api/user/aff_transfer", body: #"{"quota":1}"#, level: .user),
        Route(method: .get, path: "/api/ratio_sync/channels", level: .root),
        Route(method: .post, path: "/api/ratio_sync/fetch", body: #"{"channel_ids":[999999]}"#, level: .root),
        // The ledger's history (docs/api.md, The ledger's history).
        Route(method: .get, path: "/api/ledger/head", level: .admin),
        Route(method: .get, path: "/api/ledger/events?after=0&limit=5", level: .admin),
        Route(method: .get, path: "/api/ledger/verify", level: .root),
    ]

    /// OneLedger's relay routes: root through the normal auth, or the ingest key without
    /// `New-Api-User` (`ingestRoutesTakeRootOrTheIngestKey`).
    static let ingestRoutes: [Route] = [
        Route(method: .post, path: "/api/ledger/usage", body: #"{"request_id":"m","user_id":999999}"#, level: .root),
        Route(
            method: .post, path: "/api/ledger/reserve", body: #"{"request_id":"m","user_id":999999,"quota":1}"#,
            level: .root),
        Route(method: .post, path: "/api/ledger/settle", body: #"{"request_id":"m","quota":1}"#, level: .root),
        Route(method: .post, path: "/api/ledger/release", body: #"{"request_id":"m"}"#, level: .root),
    ]

    static let authMessages: Set<String> = [
        "Unauthorized, not logged in and no access token provided", "Unauthorized, invalid access token",
        "Unauthorized, New-Api-User header not provided", "Unauthorized, New-Api-User header format error",
        "Unauthorized, New-Api-User does not match logged in user", "User has been banned",
        "Unauthorized, insufficient privileges", "Unauthorized, invalid user info",
    ]

    @Test func everyRouteAgainstEveryCaller() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("adam", root: root)
            let user = try await fixtures.signedInUser("ulla")
            let other = try await fixtures.signedInUser("otto")
            let disabled = try await fixtures.tokenIdentity(try await fixtures.signedInUser("dina"))
            _ = try await api.post("/api/user/manage", #"{"id":\#(disabled.userID),"action":"disable"}"#, as: root)
            let userToken = try await fixtures.tokenIdentity(user)

            func call(_ route: Route, _ identity: Identity?) async throws -> APIResponse {
                try await api.request(route.method, route.path, json: route.body, as: identity)
            }
            func expectPassed(_ reply: APIResponse, _ route: Route, _ who: String) {
                #expect(reply.status == .ok, "\(who) \(route.method) \(route.path): \(reply.status)")
                #expect(!Self.authMessages.contains(reply.message), "\(who) \(route.path): \(reply.message)")
            }
            func expectRefused(
                _ reply: APIResponse, status: HTTPResponse.Status, _ message: String, _ route: Route, _ who: String
            ) {
                #expect(
                    reply.status == status && !reply.success && reply.message == message,
                    "\(who) \(route.path): \(reply.text)")
            }

            for route in Self.routes {
                expectRefused(
                    try await call(route, nil), status: .unauthorized,
                    "Unauthorized, not logged in and no access token provided", route, "anonymous")
                expectRefused(
                    try await call(route, user.with(newAPIUser: "")), status: .unauthorized,
                    "Unauthorized, New-Api-User header not provided", route, "missing header")
                expectRefused(
                    try await call(route, user.with(newAPIUser: "abc")), status: .unauthorized,
                    "Unauthorized, New-Api-User header format error", route, "bad header")
                expectRefused(
                    try await call(route, user.with(newAPIUser: "\(other.userID)")), status: .unauthorized,
                    "Unauthorized, New-Api-User does not match logged in user", route, "other user")
                expectRefused(
                    try await call(route, Identity(userID: user.userID, token: "nottherighttoken")), status: .ok,
                    "Unauthorized, invalid access token", route, "bad token")
                expectRefused(try await call(route, disabled), status: .ok, "User has been banned", route, "disabled")
                for (identity, role, who) in [
                    (user, 1, "user"), (userToken, 1, "user token"), (admin, 10, "admin"), (root, 100, "root"),
                ] {
                    if role >= route.level.rawValue && route.refusalsOnly { continue }
                    let reply = try await call(route, identity)
                    if role >= route.level.rawValue {
                        expectPassed(reply, route, who)
                    } else {
                        expectRefused(reply, status: .ok, "Unauthorized, insufficient privileges", route, who)
                    }
                }
            }
        }
    }

    @Test func ingestRoutesTakeRootOrTheIngestKey() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("adam", root: root)
            let user = try await fixtures.signedInUser("ulla")
            let other = try await fixtures.signedInUser("otto")
            let rootToken = try await fixtures.tokenIdentity(root)
            for route in Self.ingestRoutes {
                let body = route.body ?? ""
                func check(_ reply: APIResponse, _ status: HTTPResponse.Status, _ message: String, _ who: String) {
                    #expect(
                        reply.status == status && !reply.success && reply.message == message,
                        "\(who) \(route.path): \(reply.text)")
                }
                for key in [nil, "wrong-key", ""] as [String?] {
                    check(
                        try await fixtures.ingest(route.path, body, key: key), .unauthorized, "invalid ingest key",
                        "key \(key ?? "none")")
                }
                check(
                    try await api.request(route.method, route.path, json: body, as: root.with(newAPIUser: "")),
                    .unauthorized,
                    "invalid ingest key", "root without New-Api-User")
                check(
                    try await api.request(route.method, route.path, json: body, as: user.with(newAPIUser: "abc")),
                    .unauthorized, "Unauthorized, New-Api-User header format error", "bad header")
                check(
                    try await api.request(
                        route.method, route.path, json: body, as: user.with(newAPIUser: "\(other.userID)")),
                    .unauthorized, "Unauthorized, New-Api-User does not match logged in user", "other user")
                for (identity, who) in [(user, "user"), (admin, "admin")] {
                    check(
                        try await api.request(route.method, route.path, json: body, as: identity), .ok,
                        "Unauthorized, insufficient privileges", who)
                }
                for reply in [
                    try await fixtures.ingest(route.path, body),
                    try await api.request(route.method, route.path, json: body, as: root),
                    try await api.request(route.method, route.path, json: body, as: rootToken),
                ] {
                    #expect(
                        reply.status == .ok && !Self.authMessages.contains(reply.message),
                        "\(route.path): \(reply.text)")
                    #expect(reply.message != "invalid ingest key")
                }
            }
        }
    }

    @Test func headerNameIsCaseInsensitive() async throws {
        try await withRunningServer { api, fixtures in
            let alice = try await fixtures.signedInUser("alice")
            let reply = try await api.request(
                .get, "/api/user/self",
                headers: [.cookie: "session=\(alice.cookie!)", HTTPField.Name("new-api-user")!: "\(alice.userID)"])
            #expect(reply.success)
        }
    }

    @Test func forgedOrTamperedSessionsAreIgnored() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            var forged = alice
            forged.cookie = "1.1700000000.deadbeef"
            forged.userID = 1
            let reply = try await api.get("/api/user/self", as: forged)
            #expect(reply.status == .unauthorized)
            var tampered = alice
            tampered.cookie = alice.cookie!.replacingOccurrences(of: "\(alice.userID).", with: "1.")
            tampered.userID = 1
            #expect(try await api.get("/api/user/self", as: tampered).status == .unauthorized)
        }
    }
}
