import Foundation
import HTTPTypes
import Ledger
import Testing

@testable import APIGateway

/// `/api/log/stream` and `/api/log/export` over real sockets.
@Suite struct LogStreamTests {
    func headers(_ identity: Identity, _ extra: [String: String] = [:]) -> [String: String] {
        var headers = ["Cookie": "session=\(identity.cookie!)", "New-Api-User": "\(identity.userID)"]
        for (k, v) in extra { headers[k] = v }
        return headers
    }

    @Test func aStreamSeesEveryRowCommittedAfterItConnectedInOrder() async throws {
        try await withRunningServerAndUsage { api, fixtures, seeder in
            let w = try await LogRoutesTests.world(api, fixtures, seeder, count: 10)
            let stream = try RawHTTPStream(port: api.port, path: "/api/log/stream?type=2", headers: headers(w.root))
            defer { stream.close() }
            _ = try await stream.wait { $0.contains("text/event-stream") }
            let later = UsageWorkload.make(
                count: 450, users: [(w.alice.userID, w.aliceToken), (w.bob.userID, w.bobToken)], channels: [1],
                end: w.end,
                hours: 2, seed: 11)
            for chunk in stride(from: 0, to: later.count, by: 50) {
                try await seeder.record(Array(later[chunk..<chunk + 50]))
            }
            let text = try await stream.wait { $0.components(separatedBy: "event: log").count - 1 >= later.count }
            let ids = stream.eventIDs
            #expect(ids.count == later.count && ids == ids.sorted())
            #expect(text.contains(later.last!.requestID) && !text.contains(w.usages[0].requestID))

            // Resuming after an id sends exactly the rows after it.
            let resumed = try RawHTTPStream(
                port: api.port, path: "/api/log/self/stream",
                headers: headers(w.alice, ["Last-Event-ID": "\(ids[399])"]))
            defer { resumed.close() }
            let aliceAfter = later[400...].filter { $0.userID == w.alice.userID }
            _ = try await resumed.wait { $0.components(separatedBy: "event: log").count - 1 >= aliceAfter.count }
            #expect(resumed.eventIDs.count == aliceAfter.count && !resumed.text.contains("admin_info"))
        }
    }

    @Test func anIdleStreamSendsHeartbeatCommentsBetweenRows() async throws {
        try await withRunningServer(transport: .live, configure: { $0.logStreamHeartbeat = .milliseconds(50) }) {
            api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 1_000_000, root: root)
            let stream = try RawHTTPStream(port: api.port, path: "/api/log/self/stream", headers: headers(alice))
            defer { stream.close() }
            _ = try await stream.wait { $0.components(separatedBy: ": heartbeat\n\n").count > 2 }
            let usage = usageJSON("hb1", user: alice.userID, token: token, channel: 0, quota: 5)
            #expect(try await fixtures.ingest("/api/ledger/usage", usage).success)
            let text = try await stream.wait {
                $0.contains("hb1") && $0.components(separatedBy: "hb1")[1].contains(": heartbeat\n\n")
            }
            #expect(stream.eventIDs.count == 1 && text.contains("event: log\nid: "))
        }
    }

    /// A client that reads nothing holds up neither the writer nor other requests; once it
    /// reads, it gets every row, in order — nothing dropped (docs/api.md, the log stream).
    @Test func aStalledClientNeitherSlowsTheWriterNorMissesRows() async throws {
        try await withRunningServer(transport: .live) { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser(
                "alice", quota: 1_000_000_000, tokenQuota: nil, root: root)
            // From the start of the log (id 0), so the rows need not wait for the stream to connect.
            let stalled = try RawHTTPStream(
                port: api.port, path: "/api/log/stream?type=2", headers: headers(root, ["Last-Event-ID": "0"]),
                paused: true)
            defer { stalled.close() }
            let content = String(repeating: "long content ", count: 1_200)
            let batches = 16
            let perBatch = 25
            for batch in 0..<batches {
                let records = (0..<perBatch).map { i in
                    usageJSON("s\(batch)-\(i)", user: alice.userID, token: token, channel: 0, quota: 1)
                        .replacingOccurrences(of: #""content":"""#, with: #""content":"\#(content)""#)
                }
                let reply = try await fixtures.ingest("/api/ledger/usage", "[" + records.joined(separator: ",") + "]")
                #expect(reply.success && reply.object["recorded"] as? Int == perBatch, "\(reply.text.prefix(200))")
            }
            #expect(try await fixtures.userCounters(alice.userID, root: root).requests == Int64(batches * perBatch))
            stalled.resume()
            let text = try await stalled.wait(seconds: 120, every: .milliseconds(250)) {
                $0.contains("s\(batches - 1)-\(perBatch - 1)\"")
            }
            let ids = stalled.eventIDs
            #expect(ids.count == batches * perBatch && ids == ids.sorted() && Set(ids).count == ids.count)
            let order = text.components(separatedBy: "\"request_id\":\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(order == (0..<batches).flatMap { b in (0..<perBatch).map { Substring("s\(b)-\($0)") } })
            // More than any socket buffer holds: the server really was held back by this client.
            #expect(stalled.byteCount > 6_000_000)
        }
    }

    @Test func exportStreamsEveryMatchingRow() async throws {
        try await withRunningServerAndUsage { api, fixtures, seeder in
            let w = try await LogRoutesTests.world(api, fixtures, seeder, count: 1200)
            let csv = try await api.get("/api/log/export?type=2&model_name=gpt-4o", as: w.root)
            let lines = csv.text.split(separator: "\n")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(lines.first == Substring(LogExportFormat.columns.joined(separator: ",")))
            #expect(lines.count - 1 == w.usages.filter { $0.modelName == "gpt-4o" }.count)
            let jsonl = try await api.get("/api/log/self/export?format=jsonl&type=2", as: w.bob)
            let rows = jsonl.text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let bob = w.usages.filter { $0.userID == w.bob.userID }
            #expect(rows.count == bob.count && rows.map { $0["id"] as? Int } == Array(1...bob.count))
            #expect(Set(rows.compactMap { $0["request_id"] as? String }) == Set(bob.map(\.requestID)))
            #expect(!(try await api.get("/api/log/export?format=xml", as: w.root).success))
        }
    }
}
