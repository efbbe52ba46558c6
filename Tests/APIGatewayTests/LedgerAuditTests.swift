import Foundation
import Ledger
import Testing

/// The audit and point-in-time routes over a generated workload (realistic usage, top-ups by
/// redemption, admin adjustments, holds settled and released): every user's running balances
/// end at the read model's quota, and `?at=seq:N` answers what the GET routes answered at N.
@Suite struct LedgerAuditTests {
    /// A GET answer recorded during the workload: the state route and moment that must repeat it.
    struct Recorded: @unchecked Sendable {
        var statePath: String
        var seq: UInt64
        var data: NSDictionary
    }

    actor Recorder {
        var answers: [Recorded] = []
        func add(_ recorded: Recorded) { answers.append(recorded) }
    }

    @Test func auditsEndAtTheReadModelAndStatesRepeatTheRecordedAnswers() async throws {
        try await withRunningServer { api, fixtures in
            let root = try await fixtures.root()
            let admin = try await fixtures.admin("adam", root: root)
            var billed: [(user: Identity, token: Int64)] = []
            for i in 0..<4 {
                let made = try await fixtures.billedUser(
                    "aud\(i)", quota: 1_000_000_000, tokenQuota: i == 0 ? nil : 500_000_000, root: root)
                billed.append((made.user, made.tokenID))
            }
            let models = RealisticUsage.models
            var channels: [Int64] = []
            for name in ["ca", "cb"] {
                channels.append(try await fixtures.channel(name, root: root, models: models.joined(separator: ",")))
            }
            var population = UsagePopulation.synthetic(users: billed.count)
            population.users = billed.map(\.user.userID)
            population.groups = billed.map { _ in "default" }
            population.tokens = billed.map { [$0.token] }
            population.modelChannels = models.map { _ in channels }
            var usage = RealisticUsage(seed: 9, population: population)
            let recorder = Recorder()

            func record() async throws {
                let seq = try await fixtures.checkpoint()
                for (user, token) in billed {
                    let answer = try await api.get("/api/user/\(user.userID)", as: root)
                    await recorder.add(
                        Recorded(
                            statePath: "/api/ledger/state/user/\(user.userID)", seq: seq,
                            data: answer.object as NSDictionary))
                    let tokenAnswer = try await api.get("/api/token/\(token)", as: user)
                    await recorder.add(
                        Recorded(
                            statePath: "/api/ledger/state/token/\(token)", seq: seq,
                            data: tokenAnswer.object as NSDictionary))
                }
                for channel in channels {
                    let answer = try await api.get("/api/channel/\(channel)", as: root)
                    await recorder.add(
                        Recorded(
                            statePath: "/api/ledger/state/channel/\(channel)", seq: seq,
                            data: answer.object as NSDictionary))
                }
            }

            try await record()
            for step in 0..<6 {
                let records = (0..<15).map { _ in
                    let u = usage.next(createdAt: 0)
                    return usageJSON(
                        u.requestID, user: u.userID, token: u.tokenID, channel: u.channelID, quota: u.quota,
                        model: u.modelName)
                }
                let sent = try await fixtures.ingest("/api/ledger/usage", "[" + records.joined(separator: ",") + "]")
                #expect(sent.success, "\(sent.text)")
                let (user, token) = billed[step % billed.count]
                let code = try await fixtures.redemptionCodes(admin, quota: 12_345 + Int64(step)).first ?? ""
                #expect(try await api.post("/api/user/topup", #"{"key":"\#(code)"}"#, as: user).success)
                let adjust = try await api.post(
                    "/api/user/manage",
                    #"{"id":\#(user.userID),"action":"add_quota","mode":"\#(step % 2 == 0 ? "add" : "subtract")","value":\#(1_000 + step)}"#,
                    as: admin)
                #expect(adjust.success, "\(adjust.text)")
                let hold = "hold-\(step)"
                let reserve = try await fixtures.ingest(
                    "/api/ledger/reserve",
                    #"{"request_id":"\#(hold)","user_id":\#(user.userID),"token_id":\#(token),"quota":5000}"#)
                #expect(reserve.success, "\(reserve.text)")
                try await record()
                if step % 2 == 0 {
                    let settle = try await fixtures.ingest(
                        "/api/ledger/settle",
                        usageJSON(hold, user: user.userID, token: token, channel: channels[0], quota: 7_000))
                    #expect(settle.success, "\(settle.text)")
                } else {
                    #expect(try await fixtures.ingest("/api/ledger/release", #"{"request_id":"\#(hold)"}"#).success)
                }
                try await record()
            }

            // Every user's audit, page by page: running balances add up and end at the quota.
            var types: Set<String> = []
            for identity in [root, admin] + billed.map(\.user) {
                var items: [[String: Any]] = []
                var after: Int64 = 0
                var quota: Int64 = -1
                repeat {
                    let page = try await api.get(
                        "/api/ledger/audit/user/\(identity.userID)?limit=7&after=\(after)", as: root)
                    #expect(page.success, "\(page.text)")
                    items += page.object["items"] as? [[String: Any]] ?? []
                    quota = (page.object["quota"] as? NSNumber)?.int64Value ?? -1
                    after = (page.object["next_after"] as? NSNumber)?.int64Value ?? 0
                } while after != 0
                var balance: Int64 = 0
                var lastSeq: Int64 = 0
                for item in items {
                    types.insert(item["type"] as? String ?? "")
                    let seq = (item["seq"] as? NSNumber)?.int64Value ?? 0
                    #expect(seq > lastSeq)
                    lastSeq = seq
                    balance += (item["delta"] as? NSNumber)?.int64Value ?? 0
                    #expect((item["balance"] as? NSNumber)?.int64Value == balance, "user \(identity.userID) seq \(seq)")
                    if item["type"] as? String == "UserQuotaAdjusted",
                        (item["detail"] as? String)?.contains("adam") == true
                    {
                        #expect((item["actor_id"] as? NSNumber)?.int64Value == admin.userID)
                    }
                }
                let counters = try await fixtures.userCounters(identity.userID, root: root)
                #expect(balance == counters.quota, "user \(identity.userID)")
                #expect(quota == counters.quota)
            }
            #expect(
                types.isSuperset(of: [
                    "UserRegistered", "UserQuotaAdjusted", "RedemptionCodeRedeemed", "UsageRecorded", "QuotaReserved",
                    "ReservationSettled", "ReservationReleased",
                ]), "\(types)")
            let own = try await api.get("/api/ledger/audit/user/self", as: billed[2].user)
            let theirs = try await api.get("/api/ledger/audit/user/\(billed[2].user.userID)", as: root)
            #expect(own.success && (own.object as NSDictionary) == (theirs.object as NSDictionary))

            // Every recorded answer, repeated by the state route at its moment.
            for recorded in await recorder.answers {
                let state = try await api.get(recorded.statePath + "?at=seq:\(recorded.seq)", as: root)
                #expect(state.success, "\(recorded.statePath) at \(recorded.seq): \(state.text)")
                var expected = recorded.data as? [String: Any] ?? [:]
                var actual = state.object
                if let key = expected.removeValue(forKey: "key") as? String {
                    #expect(
                        actual.removeValue(forKey: "key") as? String
                            == (key.isEmpty ? "" : String(key.prefix(4)) + "**********" + String(key.suffix(4))))
                }
                #expect(
                    (actual as NSDictionary) == (expected as NSDictionary),
                    "\(recorded.statePath) at seq \(recorded.seq)")
            }
            // A time after everything is now; a time before the ledger finds nothing.
            let user = billed[3].user
            let later = try await api.get(
                "/api/ledger/state/user/\(user.userID)?at=\(Int64(Date().timeIntervalSince1970) + 3600)", as: root)
            let now = try await api.get("/api/user/\(user.userID)", as: root)
            #expect((later.object as NSDictionary) == (now.object as NSDictionary))
            let before = try await api.get("/api/ledger/state/user/\(user.userID)?at=1", as: root)
            #expect(!before.success && before.message == LedgerError.recordNotFound.description)
            let audited = try await api.get("/api/ledger/audit/user/\(user.userID)?at=seq:1", as: root)
            #expect(audited.success && (audited.object["items"] as? [Any])?.isEmpty == true)
        }
    }
}
