import Foundation
import HTTPTypes
import Testing

@Suite struct SelfServiceTests {
    @Test func profileUpdateRenamesAndChangesPassword() async throws {
        try await withRunningServer { api, fixtures in
            let alice = try await fixtures.signedInUser("alice")
            let rename = try await api.put(
                "/api/user/self", #"{"username":"alice2","display_name":"Alice"}"#, as: alice)
            #expect(rename.success && rename.message == "")
            let me = try await api.get("/api/user/self", as: alice)
            #expect(me.object["username"] as? String == "alice2" && me.object["display_name"] as? String == "Alice")

            let wrong = try await api.put(
                "/api/user/self", #"{"password":"newpassword1","original_password":"nope12345"}"#, as: alice)
            #expect(!wrong.success && wrong.message == "Original password is incorrect")
            let short = try await api.put(
                "/api/user/self", #"{"password":"short","original_password":"password123"}"#, as: alice)
            #expect(!short.success)
            let change = try await api.put(
                "/api/user/self", #"{"password":"newpassword1","original_password":"password123"}"#, as: alice)
            #expect(change.success)
            _ = try await fixtures.login("alice2", "newpassword1")
        }
    }

    @Test func settingModesTouchOnlyTheirKey() async throws {
        try await withRunningServer { api, fixtures in
            let alice = try await fixtures.signedInUser("alice")
            let language = try await api.put("/api/user/self", #"{"language":"zh-CN"}"#, as: alice)
            #expect(language.success && language.message == "Update successful")
            let sidebar = try await api.put(
                "/api/user/self", #"{"sidebar_modules":"{\"chat\":{\"enabled\":false}}"}"#, as: alice)
            #expect(sidebar.success)
            let me = try await api.get("/api/user/self", as: alice)
            let setting = try #require(me.object["setting"] as? String)
            #expect(setting.contains("zh-CN"))
            #expect(me.object["sidebar_modules"] as? String == #"{"chat":{"enabled":false}}"#)
            let badType = try await api.put("/api/user/self", #"{"language":5}"#, as: alice)
            #expect(!badType.success)
        }
    }

    @Test func accessTokenReplacesTheOldOneAndWorksWithBearerOrBare() async throws {
        try await withRunningServer { api, fixtures in
            let alice = try await fixtures.signedInUser("alice")
            let first = try await fixtures.tokenIdentity(alice)
            #expect(first.token?.count == 32 && first.token?.allSatisfy { $0.isLetter || $0.isNumber } == true)
            #expect(try await api.get("/api/user/self", as: first).success)
            let bare = try await api.request(
                .get, "/api/user/self",
                headers: [.authorization: first.token!, .init("New-Api-User")!: "\(alice.userID)"])
            #expect(bare.success)
            let second = try await fixtures.tokenIdentity(alice)
            let old = try await api.get("/api/user/self", as: first)
            #expect(old.status == .ok && !old.success && old.message == "Unauthorized, invalid access token")
            #expect(try await api.get("/api/user/self", as: second).success)
        }
    }

    @Test func affCodeIsStable() async throws {
        try await withRunningServer { api, fixtures in
            let alice = try await fixtures.signedInUser("alice")
            let first = try await api.get("/api/user/aff", as: alice).data as? String
            let second = try await api.get("/api/user/aff", as: alice).data as? String
            #expect(first != nil && first == second)
        }
    }

    @Test func rootWithoutAffCodeGetsOne() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let code = try await api.get("/api/user/aff", as: root).data as? String
            #expect(code?.count == 4)
            #expect(try await api.get("/api/user/self", as: root).object["aff_code"] as? String == code)
        }
    }

    @Test func selfDeleteSoftDeletesButNotRoot() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let refused = try await api.delete("/api/user/self", as: root)
            #expect(!refused.success && refused.message == "Cannot delete super administrator account")
            let alice = try await fixtures.signedInUser("alice")
            #expect(try await api.delete("/api/user/self", as: alice).success)
            let list = try await api.get("/api/user/", as: root)
            let items = try #require(list.object["items"] as? [[String: Any]])
            let row = try #require(items.first { $0["username"] as? String == "alice" })
            #expect(row["DeletedAt"] as? String != nil)
        }
    }
}
