import APIGateway
import Foundation
import HTTPTypes
import Testing

/// The spellings the real consoles use on issue 8's GET routes: with and without a trailing
/// slash, every filter sent empty (meaning no filter); `request_id` finds its row; the key's
/// log answers expired and spent tokens (read-only, as New API) but not disabled ones.
@Suite struct UsageRouteFormsTests {
    static let emptyFilters =
        "p=&page_size=&type=&start_timestamp=&end_timestamp=&username=&token_name=&model_name=&channel=&group="
        + "&request_id=&upstream_request_id=&keyword=&mj_id=&task_id=&platform=&status=&action=&channel_id="
        + "&token_id=&granularity="

    @Test func everyGetRouteAnswersBothSpellingsAndEmptyFiltersMeanNone() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 1_000_000, root: root)
            // Two hours ago, so the last minute's rpm and tpm are 0 whenever the routes are asked.
            let created = Int64(Date().timeIntervalSince1970) - 7_200
            let records = (0..<12).map {
                usageJSON("f\($0)", user: alice.userID, token: token, channel: 0, quota: 7, createdAt: created)
            }
            #expect(try await fixtures.ingest("/api/ledger/usage", "[" + records.joined(separator: ",") + "]").success)
            let task = #"{"mj_id":"m1","user_id":\#(alice.userID),"action":"IMAGINE","submit_time":1745000000000}"#
            #expect(try await fixtures.ingest("/api/ledger/tasks", task).success)
            let admin = [
                "/api/log", "/api/log/stat", "/api/log/search", "/api/log/export", "/api/data", "/api/data/users",
                "/api/mj", "/api/task",
            ]
            let mine = [
                "/api/log/self", "/api/log/self/stat", "/api/log/self/search", "/api/log/self/export",
                "/api/data/self", "/api/mj/self", "/api/task/self",
            ]
            for (paths, who) in [(admin, root), (mine, alice)] {
                for path in paths {
                    let plain = try await api.get(path, as: who)
                    #expect(plain.status == .ok, "\(path): \(plain.status)")
                    if !path.hasSuffix("export") { #expect(plain.success, "\(path): \(plain.text.prefix(200))") }
                    for form in [path + "/", path + "?" + Self.emptyFilters, path + "/?" + Self.emptyFilters] {
                        #expect(try await api.get(form, as: who).text == plain.text, "\(form)")
                    }
                }
            }
            // The twelve usage rows and the manage entries of the set-up.
            #expect(LogRoutesTests.total(try await api.get("/api/log/?" + Self.emptyFilters, as: root)) > 12)
            let own = try await api.get("/api/log/self/?type=2&username=&token_name=&model_name=&group=", as: alice)
            #expect(LogRoutesTests.total(own) == 12)
            #expect(LogRoutesTests.total(try await api.get("/api/mj/self/?" + Self.emptyFilters, as: alice)) == 1)

            let one = try await api.get("/api/log/?request_id=f7&type=2", as: root)
            #expect(LogRoutesTests.total(one) == 1 && LogRoutesTests.items(one).first?["request_id"] as? String == "f7")
            let mineOne = try await api.get("/api/log/self/?request_id=f3", as: alice)
            #expect(LogRoutesTests.total(mineOne) == 1)
            #expect(LogRoutesTests.total(try await api.get("/api/log/?request_id=nope", as: root)) == 0)
        }
    }

    @Test func theKeysLogAnswersExpiredAndSpentTokensButNotDisabledOnes() async throws {
        let clock = TestClock()
        try await withRunningServer(configure: { $0.clock = clock.wallClock }) { api, fixtures in
            let root = try await fixtures.root()
            let (alice, _) = try await fixtures.billedUser("alice", quota: 1_000_000, root: root)
            let created = try await api.post(
                "/api/token/", #"{"name":"short","remain_quota":10,"expired_time":\#(clock.seconds + 100)}"#, as: alice)
            let id = try #require((created.object["id"] as? NSNumber)?.int64Value)
            let key = try #require(created.object["key"] as? String)
            let usage = usageJSON("k1", user: alice.userID, token: id, channel: 0, quota: 10)
            #expect(try await fixtures.ingest("/api/ledger/usage", usage).success)
            let headers: HTTPFields = [.authorization: "Bearer sk-\(key)"]
            func rows(_ path: String = "/api/log/token") async throws -> APIResponse {
                try await api.request(.get, path, headers: headers)
            }
            #expect(try await api.get("/api/token/\(id)", as: alice).object["status"] as? Int == 4)
            #expect((try await rows().data as? [Any])?.count == 1, "a spent token reads its log")
            clock.advance(seconds: 101)
            #expect(try await api.get("/api/token/\(id)", as: alice).object["status"] as? Int == 3)
            #expect((try await rows("/api/log/token/?p=1&page_size=").data as? [Any])?.count == 1, "and an expired one")
            // The billing dashboard needs a usable key.
            let billing = try await api.request(.get, "/v1/dashboard/billing/usage", headers: headers)
            #expect(billing.status == .unauthorized)
            #expect(try await api.put("/api/token/?status_only=1", #"{"id":\#(id),"status":2}"#, as: alice).success)
            let disabled = try await rows()
            #expect(disabled.status == .unauthorized && disabled.message == "This token status is unavailable")
        }
    }
}
