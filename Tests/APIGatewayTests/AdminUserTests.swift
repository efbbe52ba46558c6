import Foundation
import HTTPTypes
import Testing

@Suite struct AdminUserTests {
    @Test func listSearchAndGet() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            for name in ["ann", "ben", "cat"] { _ = try await fixtures.signedInUser(name) }
            let list = try await api.get("/api/user/?p=1&page_size=2", as: root)
            #expect(list.object["total"] as? Int == 4 && list.object["page_size"] as? Int == 2)
            let items = try #require(list.object["items"] as? [[String: Any]])
            #expect(items.count == 2 && items[0]["password"] as? String == "" && items[0].keys.contains("DeletedAt"))
            #expect(items[0]["id"] as? Int == 4)
            let sorted = try await api.get("/api/user/?sort_by=username&sort_order=asc", as: root)
            #expect((sorted.object["items"] as? [[String: Any]])?.first?["username"] as? String == "ann")
            let search = try await api.get("/api/user/search?keyword=be", as: root)
            #expect(search.object["total"] as? Int == 1)
            let empty = try await api.get("/api/user/search?keyword=zzz", as: root)
            #expect((empty.object["items"] as? [Any])?.isEmpty == true)
            let one = try await api.get("/api/user/2", as: root)
            #expect(one.object["username"] as? String == "ann" && one.object["admin_permissions"] != nil)
            #expect(try await api.get("/api/user/999", as: root).message == "record not found")
            #expect(try await api.get("/api/user/abc", as: root).message == "Invalid parameters")
        }
    }

    @Test func aSoftDeletedUserIsFoundOnlyWithStatusMinusOne() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let gone = try await fixtures.signedInUser("gone")
            _ = try await fixtures.signedInUser("gonzo")
            #expect(
                try await api.post("/api/user/manage", #"{"id":\#(gone.userID),"action":"delete"}"#, as: root).success)
            func usernames(_ query: String) async throws -> [String] {
                let page = try await api.get("/api/user/search?\(query)", as: root)
                return (page.object["items"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
            }
            #expect(try await usernames("keyword=gon") == ["gonzo"])
            #expect(try await usernames("keyword=\(gone.userID)").isEmpty)
            #expect(try await usernames("keyword=gon&status=-1") == ["gone"])
            #expect(try await usernames("keyword=gon&status=1") == ["gonzo"])
            // The admin list still shows every user, soft-deleted ones included.
            #expect(try await api.get("/api/user/", as: root).object["total"] as? Int == 3)
        }
    }

    @Test func adminsCannotReadOrEditTheirPeers() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("adam", root: root)
            let other = try await fixtures.admin("eve", root: root)
            let get = try await api.get("/api/user/\(other.userID)", as: admin)
            #expect(get.message == "No permission to access users of same or higher level")
            let update = try await api.put("/api/user/", #"{"id":\#(other.userID),"username":"eve2"}"#, as: admin)
            #expect(update.message == "No permission to update users of same or higher permission level")
            let create = try await api.post(
                "/api/user/", #"{"username":"x1","password":"password123","role":10}"#, as: admin)
            #expect(create.message == "Cannot create users with permission level equal to or higher than yourself")
        }
    }

    @Test func createUpdateAndAuditLog() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("adam", root: root)
            let create = try await api.post("/api/user/", #"{"username":"dora","password":"password123"}"#, as: admin)
            #expect(create.success && create.message == "")
            let dora = try await fixtures.login("dora")
            let update = try await api.put(
                "/api/user/",
                #"{"id":\#(dora.userID),"username":"dora","display_name":"D","group":"vip","remark":"note","quota":99}"#,
                as: admin)
            #expect(update.success)
            let row = try await api.get("/api/user/\(dora.userID)", as: admin)
            #expect(row.object["group"] as? String == "vip" && row.object["remark"] as? String == "note")
            #expect(row.object["quota"] as? Int == 0)
            let roleChange = try await api.put(
                "/api/user/", #"{"id":\#(dora.userID),"username":"dora","role":10}"#, as: admin)
            #expect(roleChange.message == "Invalid parameters")
            let me = try await api.get("/api/user/self", as: dora)
            #expect(me.object["remark"] == nil)
        }
    }

    @Test func manageActions() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let bob = try await fixtures.signedInUser("bob")
            let disable = try await api.post("/api/user/manage", #"{"id":\#(bob.userID),"action":"disable"}"#, as: root)
            #expect(disable.success && disable.object["status"] as? Int == 2 && disable.object["role"] as? Int == 1)
            #expect(disable.object["username"] as? String == "")
            let banned = try await api.get("/api/user/self", as: bob)
            #expect(banned.status == .ok && banned.message == "User has been banned")
            let enable = try await api.post("/api/user/manage", #"{"id":\#(bob.userID),"action":"enable"}"#, as: root)
            #expect(enable.object["status"] as? Int == 1)
            #expect(try await api.get("/api/user/self", as: bob).success)
            let promote = try await api.post("/api/user/manage", #"{"id":\#(bob.userID),"action":"promote"}"#, as: root)
            #expect(promote.object["role"] as? Int == 10)
            #expect(try await api.get("/api/user/", as: bob).success)
            let demote = try await api.post("/api/user/manage", #"{"id":\#(bob.userID),"action":"demote"}"#, as: root)
            #expect(demote.object["role"] as? Int == 1)
            #expect(try await api.get("/api/user/", as: bob).message == "Unauthorized, insufficient privileges")
            let unknown = try await api.post("/api/user/manage", #"{"id":\#(bob.userID),"action":"explode"}"#, as: root)
            #expect(unknown.message == "Invalid parameters")
            let missing = try await api.post("/api/user/manage", #"{"id":999,"action":"disable"}"#, as: root)
            #expect(missing.message == "User does not exist")
            let rootDisable = try await api.post("/api/user/manage", #"{"id":1,"action":"disable"}"#, as: root)
            #expect(rootDisable.message == "Cannot disable super administrator user")
            let delete = try await api.post("/api/user/manage", #"{"id":\#(bob.userID),"action":"delete"}"#, as: root)
            #expect(delete.success && delete.json["data"] == nil)
            #expect(try await api.get("/api/user/\(bob.userID)", as: root).message == "record not found")
        }
    }

    @Test func quotaAdjustmentsAreCheckedAndAudited() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let bob = try await fixtures.signedInUser("bob")
            func manage(_ body: String) async throws -> APIResponse {
                try await api.post("/api/user/manage", body, as: root)
            }
            #expect(
                try await manage(#"{"id":\#(bob.userID),"action":"add_quota","mode":"add","value":500000}"#).success)
            #expect(
                try await manage(#"{"id":\#(bob.userID),"action":"add_quota","mode":"subtract","value":100000}"#)
                    .success)
            #expect(try await api.get("/api/user/self", as: bob).object["quota"] as? Int == 400_000)
            #expect(
                try await manage(#"{"id":\#(bob.userID),"action":"add_quota","mode":"override","value":7}"#).success)
            #expect(try await api.get("/api/user/self", as: bob).object["quota"] as? Int == 7)
            let zero = try await manage(#"{"id":\#(bob.userID),"action":"add_quota","mode":"add","value":0}"#)
            #expect(zero.message == "Quota change amount cannot be zero")
            let huge = try await manage(
                #"{"id":\#(bob.userID),"action":"add_quota","mode":"add","value":1000000000000001}"#)
            #expect(!huge.success)
            let overflow = try await manage(
                #"{"id":\#(bob.userID),"action":"add_quota","mode":"add","value":99999999999999999999}"#)
            #expect(!overflow.success && overflow.message == "Invalid parameters")
            let fraction = try await manage(#"{"id":\#(bob.userID),"action":"add_quota","mode":"add","value":1.5}"#)
            #expect(!fraction.success)
            let negative = try await manage(#"{"id":\#(bob.userID),"action":"add_quota","mode":"override","value":-1}"#)
            #expect(!negative.success)
            #expect(try await api.get("/api/user/self", as: bob).object["quota"] as? Int == 7)
        }
    }

    @Test func hardDeleteNeedsAHigherRole() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("adam", root: root)
            let peer = try await fixtures.admin("eve", root: root)
            let bob = try await fixtures.signedInUser("bob")
            #expect(
                try await api.delete("/api/user/\(peer.userID)", as: admin).message
                    == "No permission to update users of same or higher permission level")
            #expect(
                try await api.delete("/api/user/1", as: root).message
                    == "No permission to update users of same or higher permission level")
            #expect(try await api.delete("/api/user/\(bob.userID)", as: admin).success)
            let gone = try await api.get("/api/user/\(bob.userID)", as: root)
            #expect(gone.message == "record not found")
            // A purged user's session no longer authenticates.
            #expect(try await api.get("/api/user/self", as: bob).status == .unauthorized)
        }
    }
}
