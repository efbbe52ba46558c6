import Engine
import Foundation
import Ledger
import SwiftProtobuf

/// The workload of `bench queries`, shaped like the peer baseline's (`newapi_logs_baseline.py`):
/// 2,000 users with Zipf(1.1) weights (a few heavy, many light), 1–3 tokens each, 24 models
/// picked by a Pareto(1.2) rank, 30 channels, rows evenly spread over 30 days from `start`.
/// Events are appended straight to a ledger (no fdatasync); the engine's catch-up then folds
/// them into the read models, exactly as after a crash or a rebuild.
struct QueryBenchData {
    static let models = (0..<24).map { $0 % 3 != 0 ? "gpt-4o-\($0)" : "claude-3-\($0)" }
    static let groups = ["default", "vip", "svip"]
    static let day: Int64 = 86400

    var users = 2000
    var events = 1_000_000
    var start: Int64 = 1_760_000_000

    func tokens(of user: Int) -> [Int64] {
        // Token ids are handed out user by user: user u owns 1 + u % 3 consecutive ids.
        let before = (1..<user).reduce(0) { $0 + 1 + $1 % 3 }
        return (0..<(1 + user % 3)).map { Int64(before + $0 + 1) }
    }

    func write(to ledgerDirectory: String) async throws {
        let ledger = try BenchLedger(directory: ledgerDirectory, skipDataSync: true)
        defer { ledger.close() }
        var random = SplitMix64(seed: 7)
        var batch: [BenchLedger.Event] = []
        func flush() async throws {
            if !batch.isEmpty { try await ledger.append(batch) }
            batch.removeAll(keepingCapacity: true)
        }
        func add(_ payload: some LedgerPayload, time: Int64) async throws {
            batch.append(
                BenchLedger.Event(
                    time: time * 1000, type: type(of: payload).wireName, stream: payload.stream.name, clientIP: "",
                    payload: try payload.serializedBytes()))
            if batch.count == 2000 { try await flush() }
        }
        var tokenOwners: [[Int64]] = [[]]
        var nextToken: Int64 = 1
        for u in 1...users {
            var user = Oneledger_V1_UserRegistered()
            user.userID = Int64(u)
            user.username = "user\(u)"
            user.passwordHash = "$2a$10$placeholder"
            user.role = 1
            user.status = 1
            user.group = Self.groups[u % 3]
            user.quota = 10_000_000_000
            user.affCode = String(format: "aff%06d", u)
            user.createdAt = start
            try await add(user, time: start)
            var owned: [Int64] = []
            for k in 0..<(1 + u % 3) {
                var token = Oneledger_V1_TokenCreated()
                token.tokenID = nextToken
                token.userID = Int64(u)
                token.sealedKey = Data(count: 28)
                token.keyFingerprint = String(format: "%064d", nextToken)
                token.createdTime = start
                token.fields.name = "tok\(u)-\(k)"
                token.fields.status = 1
                token.fields.expiredTime = -1
                token.fields.remainQuota = 500_000_000
                owned.append(nextToken)
                nextToken += 1
                try await add(token, time: start)
            }
            tokenOwners.append(owned)
        }
        let weights = (0..<users).map { 1.0 / pow(Double($0 + 1), 1.1) }
        var cumulative: [Double] = []
        var sum = 0.0
        for w in weights {
            sum += w
            cumulative.append(sum)
        }
        let span = 30 * Self.day
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        for i in 0..<events {
            let pick = Double(random.next() % 1_000_000_007) / 1_000_000_007 * sum
            var low = 0
            var high = users - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] < pick { low = mid + 1 } else { high = mid }
            }
            let u = low + 1
            let owned = tokenOwners[u]
            var usage = Oneledger_V1_UsageRecorded()
            usage.requestID = String(
                decoding: (0..<32).map { _ in alphabet[random.next(below: alphabet.count)] }, as: UTF8.self)
            usage.userID = Int64(u)
            usage.tokenID = owned[random.next(below: owned.count)]
            usage.channelID = Int64(1 + i % 30)
            let uniform = max(Double(random.next() % 1_000_000) / 1_000_000, 1e-6)
            usage.modelName = Self.models[Int(1 / pow(uniform, 1 / 1.2)) % Self.models.count]
            usage.group = Self.groups[u % 3]
            usage.promptTokens = Int64(20 + random.next(below: 3981))
            usage.completionTokens = Int64(1 + random.next(below: 1500))
            usage.quota = (usage.promptTokens + 2 * usage.completionTokens) * 3
            usage.useTime = Int64(1 + random.next(below: 30))
            usage.isStream = random.next(below: 10) < 7
            usage.content = "model ratio 2.5, completion ratio 4"
            usage.other =
                #"{"completion_ratio":4,"frt":\#(80 + random.next(below: 821)),"group_ratio":1,"model_ratio":2.5}"#
            usage.createdAt = start + Int64(i) * span / Int64(events)
            try await add(usage, time: usage.createdAt)
        }
        try await flush()
    }
}
