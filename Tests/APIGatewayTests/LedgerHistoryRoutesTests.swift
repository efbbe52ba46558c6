import Foundation
import HTTPTypes
import TestSupport
import Testing

/// `GET /api/ledger/head`, `/api/ledger/events` and `/api/ledger/verify` over HTTP: shapes,
/// paging, filters, secrets shown only as fingerprints, hostile query input, and verify's
/// progress streamed inside the envelope.
@Suite struct LedgerHistoryRoutesTests {
    static func items(_ reply: APIResponse) -> [[String: Any]] { reply.object["items"] as? [[String: Any]] ?? [] }
    static func nextAfter(_ reply: APIResponse) -> Int { (reply.object["next_after"] as? NSNumber)?.intValue ?? -1 }

    @Test func headEventsAndVerifyAnswerWhatTheLedgerHolds() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("adam", root: root)
            let alice = try await fixtures.signedInUser("alice")
            let token = try await fixtures.token(alice)
            _ = try await api.put("/api/option/", #"{"key":"SMTPToken","value":"very-secret-smtp"}"#, as: root)

            let head = try await api.get("/api/ledger/head", as: admin)
            let seq = (head.object["seq"] as? NSNumber)?.intValue ?? 0
            let hash = head.object["hash"] as? String ?? ""
            #expect(head.success && seq > 5 && hash.count == 64, "\(head.text)")
            #expect((head.object["time"] as? NSNumber).map { $0.int64Value > 1_600_000_000 } == true)
            #expect(try await api.get("/api/ledger/head/", as: admin).object["seq"] as? Int == seq)

            // Pages of 3, oldest first, until next_after reaches the head.
            var after = 0
            var seen: [Int] = []
            while after < seq {
                let page = try await api.get("/api/ledger/events?after=\(after)&limit=3", as: admin)
                #expect(page.success && Self.items(page).count <= 3, "\(page.text)")
                seen += Self.items(page).compactMap { ($0["seq"] as? NSNumber)?.intValue }
                let next = Self.nextAfter(page)
                #expect(next > after)
                after = next
            }
            #expect(seen == Array(1...seq))
            let all = try await api.get("/api/ledger/events?limit=1000&stream=&type=&user_id=", as: admin)
            #expect(Self.items(all).count == seq && Self.nextAfter(all) == seq)
            let first = try #require(Self.items(all).first)
            for key in ["seq", "time", "type", "stream", "actor_id", "request_id", "ip", "payload"] {
                #expect(first[key] != nil, "\(key) missing")
            }

            // Secrets: sealed values never shown, fingerprints are.
            #expect(!all.text.contains(token.key) && !all.text.contains(String(token.key.dropFirst(3))))
            #expect(!all.text.contains("very-secret-smtp"))
            let created = try #require(Self.items(all).first { $0["type"] as? String == "TokenCreated" })
            let payload = created["payload"] as? [String: Any] ?? [:]
            #expect(payload["sealed_key"] as? String == "[sealed]")
            #expect((payload["key_fingerprint"] as? String)?.count == 64)
            let registered = Self.items(all).filter { $0["type"] as? String == "UserRegistered" }
            #expect(
                registered.allSatisfy { ($0["payload"] as? [String: Any])?["password_hash"] as? String == "[sealed]" })

            // Filters.
            let byType = try await api.get("/api/ledger/events?type=TokenCreated", as: admin)
            #expect(Self.items(byType).count == 1 && Self.items(byType).first?["type"] as? String == "TokenCreated")
            let byStream = try await api.get("/api/ledger/events?stream=user:\(alice.userID)", as: admin)
            #expect(!Self.items(byStream).isEmpty)
            #expect(Self.items(byStream).allSatisfy { $0["stream"] as? String == "user:\(alice.userID)" })
            let byUser = try await api.get("/api/ledger/events?user_id=\(alice.userID)&limit=1000", as: admin)
            let types = Set(Self.items(byUser).compactMap { $0["type"] as? String })
            #expect(types.isSuperset(of: ["UserRegistered", "TokenCreated"]), "\(types)")
            #expect(Self.items(byUser).count < seq)

            // Verify: the envelope, with the progress array beside it.
            let verify = try await api.get("/api/ledger/verify", as: root)
            #expect(verify.success && verify.object["ok"] as? Bool == true, "\(verify.text)")
            #expect(verify.object["events"] as? Int == seq && (verify.object["frames"] as? Int ?? 0) > 0)
            #expect(verify.object["head_hash"] as? String == hash)
            #expect((verify.object["problems"] as? [Any])?.isEmpty == true)
            #expect(verify.json["progress"] is [Any])
            #expect(verify.headers[.contentType]?.hasPrefix("application/json") == true)
            // Reading appended nothing.
            #expect(try await api.get("/api/ledger/head", as: admin).object["seq"] as? Int == seq)
        }
    }

    @Test func hostileQueriesAreRefusedClearlyAndAppendNothing() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let seq = try await api.get("/api/ledger/head", as: root).object["seq"] as? Int ?? -1
            for query in [
                "after=-1", "after=abc", "after=1e3", "after=99999999999999999999999", "limit=0", "limit=-5",
                "limit=abc", "user_id=abc", "user_id=-3", "user_id=0", "type=%00%FF",
            ] {
                let reply = try await api.get("/api/ledger/events?\(query)", as: root)
                #expect(reply.status == .ok && !reply.success && !reply.message.isEmpty, "\(query): \(reply.text)")
            }
            for query in [
                "limit=99999", "after=18446744073709551615", "stream=%27%3B%20DROP%20TABLE%20users%3B--",
                "stream=\(String(repeating: "x", count: 5000))", "type=UserRegistered&type=TokenCreated",
                "user_id=999999999",
            ] {
                let reply = try await api.get("/api/ledger/events?\(query)", as: root)
                #expect(
                    reply.success && reply.object["items"] is [Any], "\(query.prefix(60)): \(reply.text.prefix(300))")
            }
            let clamped = try await api.get("/api/ledger/events?limit=99999", as: root)
            #expect(Self.items(clamped).count == seq)
            let beyond = try await api.get("/api/ledger/events?after=18446744073709551615", as: root)
            #expect(Self.items(beyond).isEmpty && Self.nextAfter(beyond) == seq)
            #expect(try await api.get("/api/ledger/head", as: root).object["seq"] as? Int == seq)
        }
    }
}
