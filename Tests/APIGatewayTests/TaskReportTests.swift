import APIGateway
import Foundation
import HTTPTypes
import Testing

/// `POST /api/ledger/tasks` and the task lists over real HTTP: ingest auth, create, update,
/// no-op reports append nothing, the reference's filters and item fields.
@Suite struct TaskReportTests {
    static let key = "ingest-secret"

    func ingest(_ api: APIClient, _ body: String, key: String? = TaskReportTests.key) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await api.request(.post, "/api/ledger/tasks", json: body, headers: headers)
    }

    @Test func ingestKeyOrRootAndNothingElse() async throws {
        try await withRunningServer(configure: { $0.ingestKey = Self.key }) { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("adam", root: root)
            let body = #"{"mj_id":"m1","user_id":\#(root.userID),"action":"IMAGINE","status":"SUBMITTED"}"#
            for reply in [try await ingest(api, body, key: nil), try await ingest(api, body, key: "wrong")] {
                #expect(reply.status == .unauthorized && reply.message == "invalid ingest key")
            }
            #expect(
                try await api.post("/api/ledger/tasks", body, as: admin).message
                    == "Unauthorized, insufficient privileges")
            #expect(try await api.post("/api/ledger/tasks", body, as: root).success)
            #expect(try await ingest(api, body).object["recorded"] as? Int == 0)
        }
    }

    @Test func reportsCreateUpdateAndListWithTheReferenceFields() async throws {
        try await withRunningServer(configure: { $0.ingestKey = Self.key }) { api, fixtures in
            let root = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let bob = try await fixtures.signedInUser("bob")
            let submit: Int64 = 1_745_000_000_123
            let first = try await ingest(
                api,
                #"[{"mj_id":"m1","user_id":\#(alice.userID),"channel_id":3,"action":"IMAGINE","status":"SUBMITTED","progress":"0%","submit_time":\#(submit),"prompt":"a cat","buttons":[{"label":"U1"}]},{"mj_id":"m2","user_id":\#(bob.userID),"action":"IMAGINE","submit_time":\#(submit + 5000)}]"#
            )
            #expect(first.object["recorded"] as? Int == 2)
            let before = try LedgerReader.lines(fixtures.dataDirectory, type: "TaskReported").count
            #expect(try await ingest(api, #"{"mj_id":"m1","status":"SUBMITTED"}"#).object["unchanged"] as? Int == 1)
            #expect(try LedgerReader.lines(fixtures.dataDirectory, type: "TaskReported").count == before)
            #expect(
                try await ingest(
                    api, #"{"mj_id":"m1","status":"SUCCESS","progress":"100%","image_url":"https://x/1.png"}"#
                ).object["recorded"] as? Int == 1)

            let all = try await api.get(
                "/api/mj/?p=1&page_size=10&channel_id=&mj_id=&start_timestamp=\(submit)&end_timestamp=\(submit + 1000)",
                as: root)
            let items = all.object["items"] as? [[String: Any]] ?? []
            #expect(all.object["total"] as? Int == 1 && items.first?["mj_id"] as? String == "m1")
            let m1 = try #require(items.first)
            #expect(m1["progress"] as? String == "100%" && m1["status"] as? String == "SUCCESS")
            // MjForwardUrlEnabled is on by default: the forward address under ServerAddress ("" here).
            #expect(m1["image_url"] as? String == "/mj/image/m1" && m1["prompt"] as? String == "a cat")
            #expect(m1["buttons"] as? String == #"[{"label":"U1"}]"# && m1["channel_id"] as? Int == 3)
            #expect(try await api.get("/api/mj/?channel_id=3", as: root).object["total"] as? Int == 1)
            let mine = try await api.get("/api/mj/self/?p=1&page_size=10&mj_id=", as: bob)
            #expect(mine.object["total"] as? Int == 1)
            #expect(
                try await api.put("/api/option/", #"{"key":"ServerAddress","value":"https://gw.example"}"#, as: root)
                    .success)
            let forwarded = try await api.get("/api/mj/self", as: bob).object["items"] as? [[String: Any]]
            #expect(forwarded?.first?["image_url"] as? String == "https://gw.example/mj/image/m2")
            #expect(
                try await api.put("/api/option/", #"{"key":"MjForwardUrlEnabled","value":"false"}"#, as: root).success)
            let upstream = try await api.get("/api/mj/?mj_id=m1", as: root).object["items"] as? [[String: Any]]
            #expect(upstream?.first?["image_url"] as? String == "https://x/1.png")

            let nul = try await ingest(api, #"{"kind":"task","task_id":"t\u0000x","user_id":\#(alice.userID)}"#)
            #expect(!nul.success && nul.message == "task_id contains U+0000, which is refused")
            let task = try await ingest(
                api,
                #"{"kind":"task","task_id":"t-x","user_id":\#(alice.userID),"channel_id":4,"platform":"suno","action":"MUSIC","status":"IN_PROGRESS","progress":"50%","submit_time":1745000000,"properties":{"input":"song"},"data":[{"audio_url":"u"}]}"#
            )
            #expect(task.object["recorded"] as? Int == 1)
            let tasks = try await api.get(
                "/api/task/?platform=suno&status=IN_PROGRESS&action=MUSIC&start_timestamp=1744999999&end_timestamp=1745000001",
                as: root)
            let row = try #require((tasks.object["items"] as? [[String: Any]])?.first)
            #expect(
                row["task_id"] as? String == "t-x" && row["username"] as? String == "alice"
                    && row["channel_id"] as? Int == 4)
            #expect((row["properties"] as? [String: Any])?["input"] as? String == "song")
            #expect(((row["data"] as? [[String: Any]])?.first)?["audio_url"] as? String == "u")
            let own = try await api.get("/api/task/self?p=1&page_size=10&task_id=t-x", as: alice)
            let ownRow = try #require((own.object["items"] as? [[String: Any]])?.first)
            #expect(ownRow["channel_id"] as? Int == 0 && ownRow["username"] == nil)
            #expect(try await api.get("/api/task/self", as: bob).object["total"] as? Int == 0)
        }
    }

    @Test func badReportsAreRefusedAndAppendNothing() async throws {
        try await withRunningServer(configure: { $0.ingestKey = Self.key }) { api, fixtures in
            _ = try await fixtures.root()
            let before = try LedgerReader.lines(fixtures.dataDirectory).count
            for body in [
                "[]", "nope", #"{"mj_id":""}"#, #"{"mj_id":"x","user_id":999}"#,
                #"{"kind":"video","task_id":"x","user_id":1}"#,
            ] {
                #expect(!(try await ingest(api, body).success), "\(body)")
            }
            #expect(try LedgerReader.lines(fixtures.dataDirectory).count == before)
        }
    }
}
