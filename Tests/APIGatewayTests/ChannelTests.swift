import Foundation
import Projections
import Testing

@Suite struct ChannelTests {
    func add(_ api: APIClient, _ admin: Identity, _ channel: String, mode: String = "single") async throws
        -> APIResponse
    {
        try await api.post("/api/channel/", #"{"mode":"\#(mode)","channel":\#(channel)}"#, as: admin)
    }

    func abilities(_ fixtures: Fixtures) async throws -> [AbilityRecord] {
        try await ChannelQueries(reader: ReadModelsProbe.open(fixtures.dataDirectory).models.reader).abilities()
    }

    @Test func addListGetUpdateAndAbilities() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let added = try await add(
                api, root,
                #"{"name":"openai","type":1,"key":"sk-secret-1","models":"gpt-4,gpt-3.5","group":"default,vip","priority":5,"weight":3}"#
            )
            #expect(added.success, "\(added.text)")
            let list = try await api.get("/api/channel/?p=1&page_size=10&id_sort=true", as: root)
            let items = list.object["items"] as? [[String: Any]] ?? []
            #expect(list.object["total"] as? Int == 1 && items.first?["key"] as? String == "")
            #expect((list.object["type_counts"] as? [String: Any])?["1"] as? Int == 1)
            #expect(!list.text.contains("sk-secret-1"))
            let rows = try await abilities(fixtures)
            #expect(rows.count == 4 && rows.allSatisfy { $0.enabled && $0.priority == 5 && $0.weight == 3 })
            let one = try await api.get("/api/channel/1", as: root)
            #expect(one.object["name"] as? String == "openai" && one.object["key"] as? String == "")
            let updated = try await api.put(
                "/api/channel/", #"{"id":1,"name":"openai","type":1,"models":"gpt-4","group":"default","status":2}"#,
                as: root)
            #expect(updated.success && updated.object["status"] as? Int == 2, "\(updated.text)")
            let after = try await abilities(fixtures)
            #expect(after.count == 1 && after.first?.model == "gpt-4" && after.first?.enabled == false)
            let partial = try await api.put("/api/channel/", #"{"id":1,"remark":"note"}"#, as: root)
            #expect(partial.object["remark"] as? String == "note" && partial.object["models"] as? String == "gpt-4")
            #expect(partial.object["priority"] as? Int == 5 && partial.object["status"] as? Int == 2)
            let key = try await api.post("/api/channel/1/key", "{}", as: root)
            #expect(key.success && key.object["key"] as? String == "sk-secret-1")
            let audit = try await ReadModelsProbe.open(fixtures.dataDirectory).manageLogs().map(\.content)
            #expect(audit.contains("Created channel openai (type 1, count 1)"))
            #expect(
                audit.contains("Updated channel openai (ID: 1)") && audit.contains("Viewed channel key openai (ID: 1)"))
        }
    }

    @Test func batchAddTagsAndBatchOperationsKeepAbilitiesInStep() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let added = try await add(
                api, root, #"{"name":"batch","type":1,"key":"k1\nk2\nk3","models":"m1","group":"default","tag":"t"}"#,
                mode: "batch")
            #expect(added.success, "\(added.text)")
            #expect(try await api.get("/api/channel/", as: root).object["total"] as? Int == 3)
            #expect(try await api.post("/api/channel/tag/disabled", #"{"tag":"t"}"#, as: root).success)
            #expect(try await abilities(fixtures).allSatisfy { !$0.enabled })
            #expect(try await api.post("/api/channel/tag/enabled", #"{"tag":"t"}"#, as: root).success)
            #expect(try await abilities(fixtures).allSatisfy { $0.enabled })
            #expect(
                try await api.put(
                    "/api/channel/tag", #"{"tag":"t","new_tag":"u","priority":9,"models":"m1,m2"}"#, as: root
                ).success)
            let edited = try await abilities(fixtures)
            #expect(edited.count == 6 && edited.allSatisfy { $0.tag == "u" && $0.priority == 9 })
            #expect(try await api.get("/api/channel/tag/models?tag=u", as: root).data as? String == "m1,m2")
            let tagged = try await api.post("/api/channel/batch/tag", #"{"ids":[1],"tag":"solo"}"#, as: root)
            #expect(tagged.success && tagged.data as? Int == 1)
            let tagMode = try await api.get("/api/channel/?tag_mode=true", as: root)
            #expect(tagMode.object["total"] as? Int == 2)
            #expect(try await api.post("/api/channel/batch", #"{"ids":[2,3]}"#, as: root).data as? Int == 2)
            #expect(try await abilities(fixtures).allSatisfy { $0.channelId == 1 })
            #expect(try await api.get("/api/channel/models_enabled", as: root).data as? [String] == ["m1", "m2"])
            let copy = try await api.post("/api/channel/copy/1", "{}", as: root)
            #expect(copy.success && copy.object["id"] as? Int == 4)
            #expect(try await api.post("/api/channel/4/key", "{}", as: root).object["key"] as? String == "k1")
        }
    }

    @Test func deleteDisabledLeavesAbilitiesUntilFix() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            _ = try await add(api, root, #"{"name":"a","type":1,"key":"ka","models":"m","status":2}"#)
            _ = try await add(api, root, #"{"name":"b","type":1,"key":"kb","models":"m"}"#)
            let swept = try await api.delete("/api/channel/disabled", as: root)
            #expect(swept.success && swept.data as? Int == 1)
            #expect(try await abilities(fixtures).count == 2)
            let fixed = try await api.post("/api/channel/fix", "{}", as: root)
            #expect(fixed.success && fixed.object["success"] as? Int == 1)
            #expect(try await abilities(fixtures).map(\.channelId) == [2])
        }
    }

    @Test func searchNeverShowsKeysAndUpstreamCallsRefuseUnsupportedTypes() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            _ = try await add(api, root, #"{"name":"alpha","type":1,"key":"sk-findme","models":"m"}"#)
            _ = try await add(api, root, #"{"name":"beta","type":14,"key":"other","models":"claude"}"#)
            let byName = try await api.get("/api/channel/search?keyword=alp", as: root)
            #expect(byName.object["total"] as? Int == 1 && !byName.text.contains("sk-findme"))
            #expect(try await api.get("/api/channel/search?keyword=sk-findme", as: root).object["total"] as? Int == 1)
            #expect(try await api.get("/api/channel/search?model=claude", as: root).object["total"] as? Int == 1)
            // Channel 2 is Anthropic: no OpenAI-compatible upstream call, and nothing leaves the machine.
            for (path, message) in [
                ("/api/channel/test/2", "channel type 14 is not supported for upstream calls yet"),
                ("/api/channel/update_balance/2", "尚未实现"),
                ("/api/channel/fetch_models/2", "channel type 14 is not supported for upstream calls yet"),
            ] {
                let reply = try await api.get(path, as: root)
                #expect(!reply.success && reply.message == message, "\(path): \(reply.text)")
            }
        }
    }

    @Test func adminsCannotReadKeysAndBadInputAppendsNothing() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("ops", root: root)
            let user = try await fixtures.signedInUser("alice")
            _ = try await add(api, root, #"{"name":"a","type":1,"key":"secret","models":"m"}"#)
            #expect(!(try await api.post("/api/channel/1/key", "{}", as: admin).success))
            #expect(!(try await api.get("/api/channel/", as: user).success))
            let before = try await fixtures.checkpoint()
            #expect(!(try await add(api, admin, #"{"name":"a","type":1,"key":"","models":"m"}"#).success))
            #expect(!(try await add(api, admin, #"{"name":"a","type":"x","key":"k"}"#).success))
            #expect(!(try await add(api, admin, #"{"name":"a","type":1,"key":"k","weight":-1}"#).success))
            #expect(!(try await api.put("/api/channel/", #"{"id":99,"name":"x"}"#, as: admin).success))
            #expect(try await fixtures.checkpoint() == before)
        }
    }
}
