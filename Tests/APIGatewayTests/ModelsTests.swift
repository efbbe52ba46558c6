import Foundation
import Testing

/// `GET /api/models` and `GET /api/user/models` answer from the abilities read model.
@Suite struct ModelsTests {
    @Test func modelListsFollowEnabledChannelsInTheCallersGroups() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            #expect(try await api.get("/api/user/models", as: alice).data is NSNull)
            #expect(try await api.get("/api/models", as: alice).object.isEmpty)

            for channel in [
                #"{"name":"a","type":1,"key":"k-a","models":"gpt-4o,gpt-4o-mini","group":"default"}"#,
                #"{"name":"b","type":14,"key":"k-b","models":"claude-3-5-sonnet","group":"default,vip"}"#,
                #"{"name":"c","type":1,"key":"k-c","models":"o1-mini","group":"svip"}"#,
            ] {
                let added = try await api.post("/api/channel/", #"{"mode":"single","channel":\#(channel)}"#, as: root)
                #expect(added.success, "\(added.text)")
            }
            let models = try await api.get("/api/user/models", as: alice)
            #expect(models.data as? [String] == ["claude-3-5-sonnet", "gpt-4o", "gpt-4o-mini"], "\(models.text)")
            #expect(try await api.get("/api/user/models?group=svip", as: alice).data as? [String] == [])
            #expect(
                try await api.get("/api/user/models?group=default", as: alice).data as? [String] == [
                    "claude-3-5-sonnet", "gpt-4o", "gpt-4o-mini",
                ])
            let byType = try await api.get("/api/models", as: alice)
            #expect(byType.object["1"] as? [String] == ["gpt-4o", "gpt-4o-mini"], "\(byType.text)")
            #expect(byType.object["14"] as? [String] == ["claude-3-5-sonnet"])

            let disabled = try await api.put("/api/channel/", #"{"id":1,"status":2}"#, as: root)
            #expect(disabled.success, "\(disabled.text)")
            #expect(try await api.get("/api/user/models", as: alice).data as? [String] == ["claude-3-5-sonnet"])
            #expect(try await api.get("/api/models", as: alice).object["1"] == nil)
        }
    }
}
