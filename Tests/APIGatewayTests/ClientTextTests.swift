import Foundation
import HTTPTypes
import Testing

/// U+0000 in anything a client sends is refused, naming where it was, and appends nothing; it
/// is never stored cut short (docs/api.md, Requests). The escaped backslash `\\u0000` is six
/// ordinary characters and is stored exactly.
@Suite struct ClientTextTests {
    static func refusal(_ place: String) -> String { "\(place) contains U+0000, which is refused" }

    @Test func everyBodyRefusesAStringWithNulAndAppendsNothing() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let (bob, bobToken) = try await fixtures.billedUser("bob", quota: 1_000, root: root)
            let cases: [(String, String, Identity?, String)] = [
                ("/api/token/", #"{"name":"a\u0000b"}"#, alice, Self.refusal("name")),
                ("/api/token/", #"{"name":"ok","na\u0000me":1}"#, alice, Self.refusal("a field name")),
                ("/api/token/", #"{"name":"ok","model_limits":"gpt\u0000"}"#, alice, Self.refusal("model_limits")),
                (
                    "/api/user/register", #"{"username":"eve\u0000","password":"12345678"}"#, nil,
                    Self.refusal("username")
                ),
                ("/api/user/login", #"{"username":"alice","password":"x\u0000y"}"#, nil, Self.refusal("password")),
                (
                    "/api/channel/", #"{"mode":"single","channel":{"name":"c\u0000","type":1,"key":"k","models":"m"}}"#,
                    root, Self.refusal("channel.name")
                ),
                ("/api/redemption/", #"{"name":"r\u0000","quota":1,"count":1}"#, root, Self.refusal("name")),
                ("/api/user/manage", #"{"id":2,"action":"disable\u0000"}"#, root, Self.refusal("action")),
                ("/api/token/batch", #"{"ids":[1],"extra":["x","\u0000"]}"#, alice, Self.refusal("extra[1]")),
            ]
            for (path, body, who, message) in cases {
                let before = try await fixtures.checkpoint()
                let reply = try await api.post(path, body, as: who)
                #expect(reply.status == .ok && !reply.success && reply.message == message, "\(path): \(reply.text)")
                #expect(try await fixtures.checkpoint() == before, "\(path) appended")
            }
            let option = try await api.put("/api/option/", #"{"key":"Notice","value":"n\u0000"}"#, as: root)
            #expect(option.message == Self.refusal("value"))
            let profile = try await api.put("/api/user/self", #"{"display_name":"A\u0000"}"#, as: alice)
            #expect(profile.message == Self.refusal("display_name"))
            #expect(try await api.get("/api/notice").data as? String == "")
            #expect((try await api.get("/api/token/", as: alice).object["total"] as? Int) == 0)

            // The relay's routes: a batch names the record; a single record or report its field.
            let batch =
                "[" + usageJSON("u1", user: bob.userID, token: bobToken, channel: 0, quota: 1) + ","
                + usageJSON("u2", user: bob.userID, token: bobToken, channel: 0, quota: 1, model: #"gpt\u0000"#) + "]"
            #expect(
                try await fixtures.ingest("/api/ledger/usage", batch).message == "record 1: "
                    + Self.refusal("model_name"))
            let reserve = #"{"request_id":"h\u0000","user_id":\#(bob.userID),"token_id":0,"quota":1}"#
            #expect(try await fixtures.ingest("/api/ledger/reserve", reserve).message == Self.refusal("request_id"))
            let settle = usageJSON("h", user: 0, token: 0, channel: 0, quota: 1).replacingOccurrences(
                of: #""content":"""#, with: #""content":"x\u0000""#)
            #expect(try await fixtures.ingest("/api/ledger/settle", settle).message == Self.refusal("content"))
            let report = #"[{"mj_id":"m1","user_id":\#(bob.userID)},{"mj_id":"m2","prompt":"\u0000"}]"#
            #expect(
                try await fixtures.ingest("/api/ledger/tasks", report).message == "record 1: " + Self.refusal("prompt"))
            #expect(try await fixtures.userCounters(bob.userID, root: root).used == 0)
        }
    }

    @Test func queryParametersAndPathsWithNulAreRefused() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let log = try await api.get("/api/log/?type=2&username=al%00ice", as: root)
            #expect(!log.success && log.message == Self.refusal("the query parameter username"))
            let search = try await api.get("/api/token/search?keyword=a%00", as: alice)
            #expect(search.message == Self.refusal("the query parameter keyword"))
            let name = try await api.get("/api/user/search?k%00=1", as: root)
            #expect(name.message == Self.refusal("a query parameter name"), "\(name.text)")
            #expect(try await api.get("/api/user/1%00", as: root).message == Self.refusal("the path"))
            // `%2500` is the three characters `%00`: an ordinary filter.
            #expect(try await api.get("/api/log/?username=%2500", as: root).success)
        }
    }

    @Test func anEscapedBackslashBeforeU0000IsOrdinaryTextStoredExactly() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let (bob, token) = try await fixtures.billedUser("bob", quota: 1_000, root: root)
            let created = try await api.post("/api/token/", #"{"name":"a\\u0000b"}"#, as: bob)
            #expect(created.success && created.object["name"] as? String == #"a\u0000b"#, "\(created.text)")
            // `other` is JSON text; the escape inside it is JSON's business, not a U+0000 here.
            let other = #"{\"note\":\"\\u0000\"}"#
            let usage = usageJSON("e1", user: bob.userID, token: token, channel: 0, quota: 3, other: other)
            #expect(try await fixtures.ingest("/api/ledger/usage", usage).success)
            let row = try #require(
                (try await api.get("/api/log/?request_id=e1", as: root).object["items"] as? [[String: Any]])?.first)
            #expect(row["other"] as? String == #"{"note":"\u0000"}"#)
        }
    }
}
