import APIGateway
import Foundation
import HTTPTypes
import Testing

@Suite struct AccountTests {
    @Test func registerLoginAndSelf() async throws {
        try await withRunningServer { api, fixtures in
            let register = try await api.post("/api/user/register", #"{"username":"alice","password":"password123"}"#)
            #expect(register.success && register.message == "" && register.json["data"] == nil)
            let login = try await api.post("/api/user/login", #"{"username":"alice","password":"password123"}"#)
            #expect(
                login.success && login.object["username"] as? String == "alice" && login.object["role"] as? Int == 1)
            let cookie = try #require(login.headers[.setCookie])
            #expect(
                cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age=2592000"))
            #expect(cookie.contains("Path=/"))
            let alice = try await fixtures.login("alice")
            let me = try await api.get("/api/user/self", as: alice)
            #expect(me.success && me.object["username"] as? String == "alice")
            #expect(me.object["password"] == nil && me.object["access_token"] == nil && me.object["remark"] == nil)
            #expect((me.object["aff_code"] as? String)?.count == 4)
            let permissions = try #require(me.object["permissions"] as? [String: Any])
            #expect(permissions["sidebar_settings"] as? Bool == true)
        }
    }

    @Test(arguments: [
        (#"{"username":"","password":"password123"}"#, "Invalid parameters"),
        (
            #"{"username":"bob","password":"short"}"#,
            "Invalid input Key: 'User.Password' Error:Field validation for 'Password' failed on the 'min' tag"
        ),
        (
            #"{"username":"abcdefghijklmnopqrstu","password":"password123"}"#,
            "Invalid input Key: 'User.Username' Error:Field validation for 'Username' failed on the 'max' tag"
        ),
        (#"not json"#, "Invalid parameters"),
        (#"{"username":["x"],"password":"password123"}"#, "Invalid parameters"),
    ])
    func badRegistrationsAreRefused(body: String, message: String) async throws {
        try await withRunningServer { api, _ in
            let reply = try await api.post("/api/user/register", body)
            #expect(reply.status == .ok && !reply.success && reply.message == message)
        }
    }

    @Test func duplicateAndUnicodeUsernames() async throws {
        try await withRunningServer { api, fixtures in
            _ = try await fixtures.signedInUser("名前テスト")
            let again = try await api.post("/api/user/register", #"{"username":"名前テスト","password":"password123"}"#)
            #expect(!again.success && again.message == "Username already exists or has been deleted")
        }
    }

    @Test func wrongPasswordDisabledAndDeletedUsersCannotLogIn() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let bob = try await fixtures.signedInUser("bob")
            let wrong = try await api.post("/api/user/login", #"{"username":"bob","password":"password999"}"#)
            #expect(!wrong.success && wrong.message == "Username or password is incorrect, or user has been banned")
            let missing = try await api.post("/api/user/login", #"{"username":"bob"}"#)
            #expect(missing.message == "Invalid parameters")
            _ = try await api.post("/api/user/manage", #"{"id":\#(bob.userID),"action":"disable"}"#, as: root)
            let disabled = try await api.post("/api/user/login", #"{"username":"bob","password":"password123"}"#)
            #expect(disabled.message == "Username or password is incorrect, or user has been banned")
            _ = try await fixtures.signedInUser("carol")
            #expect(try await api.delete("/api/user/self", as: try await fixtures.login("carol")).success)
            let deleted = try await api.post("/api/user/login", #"{"username":"carol","password":"password123"}"#)
            #expect(!deleted.success)
            let reuse = try await api.post("/api/user/register", #"{"username":"carol","password":"password123"}"#)
            #expect(reuse.message == "Username already exists or has been deleted")
        }
    }

    @Test func logoutClearsTheCookieWithoutAuth() async throws {
        try await withRunningServer { api, _ in
            let reply = try await api.get("/api/user/logout")
            #expect(reply.success && reply.headers[.setCookie]?.contains("session=;") == true)
        }
    }

    @Test func loginWritesALoginLogAndUpdatesLastLogin() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let bob = try await fixtures.signedInUser("bob")
            let user = try await api.get("/api/user/\(bob.userID)", as: root)
            #expect((user.object["last_login_at"] as? Int ?? 0) > 0)
        }
    }

    @Test func inviteCodesRewardInviterAndInvitee() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            for (key, value) in [("QuotaForNewUser", "1000"), ("QuotaForInvitee", "200"), ("QuotaForInviter", "300")] {
                #expect(try await api.put("/api/option/", #"{"key":"\#(key)","value":\#(value)}"#, as: root).success)
            }
            let alice = try await fixtures.signedInUser("alice")
            let code = try #require(try await api.get("/api/user/aff", as: alice).data as? String)
            let register = try await api.post(
                "/api/user/register", #"{"username":"bob","password":"password123","aff_code":"\#(code)"}"#)
            #expect(register.success)
            let bob = try await fixtures.login("bob")
            let me = try await api.get("/api/user/self", as: bob)
            #expect(me.object["quota"] as? Int == 1200 && me.object["inviter_id"] as? Int == Int(alice.userID))
            let inviter = try await api.get("/api/user/self", as: alice)
            #expect(inviter.object["aff_count"] as? Int == 1 && inviter.object["aff_quota"] as? Int == 300)
            #expect(inviter.object["aff_history_quota"] as? Int == 300 && inviter.object["quota"] as? Int == 1000)
        }
    }

    @Test func groupsForAnonymousAndSignedInUsers() async throws {
        try await withRunningServer { api, fixtures in
            let anonymous = try await api.get("/api/user/groups")
            let groups = try #require(anonymous.data as? [String: Any])
            #expect(Set(groups.keys) == ["default", "vip"])
            let alice = try await fixtures.signedInUser("alice")
            let mine = try await api.get("/api/user/self/groups", as: alice)
            #expect((mine.data as? [String: Any])?["default"] != nil)
            let root = try await fixtures.root()
            let all = try await api.get("/api/group/", as: root)
            #expect(Set(all.data as? [String] ?? []) == ["default", "vip", "svip"])
        }
    }
}

@Suite struct RateLimitTests {
    @Test func criticalRoutesShareOneBucketPerIPAndAnswer429WithAnEmptyBody() async throws {
        try await withRunningServer(configure: { configuration in
            configuration.rateLimits.critical = .init(enabled: true, requests: 3, duration: 600)
        }) { (api, _) async throws in
            for _ in 0..<2 { _ = try await api.post("/api/user/login", #"{"username":"x","password":"password123"}"#) }
            _ = try await api.post("/api/user/register", #"{"username":"y","password":"password123"}"#)
            let limited = try await api.post("/api/user/login", #"{"username":"x","password":"password123"}"#)
            #expect(limited.status == .tooManyRequests && limited.body.isEmpty)
            #expect(try await api.get("/api/status").success)
        }
    }

    @Test func globalLimitCoversEveryAPIRoute() async throws {
        try await withRunningServer(configure: { configuration in
            configuration.rateLimits.globalAPI = .init(enabled: true, requests: 2, duration: 600)
        }) { (api, _) async throws in
            #expect(try await api.get("/api/status").success)
            #expect(try await api.get("/api/notice").success)
            #expect(try await api.get("/api/status").status == .tooManyRequests)
        }
    }
}
