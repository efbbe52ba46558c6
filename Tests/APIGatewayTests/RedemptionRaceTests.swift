import Foundation
import GRDB
import HummingbirdTesting
import Projections
import TestSupport
import Testing

@Suite struct RedemptionRaceTests {
    /// 40 clients on their own connections — ten users, four requests each — redeem one code at
    /// the same moment; twenty rounds. Every round: exactly one success and exactly one credit.
    @Test func fortyClientsRedeemingOneCodeCreditExactlyOnce() async throws {
        try await withRunningServer(transport: .live) { api, fixtures in
            let root = try await fixtures.root()
            var users: [Identity] = []
            for index in 0..<10 { users.append(try await fixtures.signedInUser("racer\(index)")) }
            let rounds = 20
            let keys = try await fixtures.redemptionCodes(root, count: rounds, quota: 777)
            var total: Int64 = 0
            for user in users { total += try await fixtures.quota(of: user) }
            for key in keys {
                let successes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for client in 0..<40 {
                        let user = users[client % users.count]
                        group.addTask {
                            try await TestClient.withClient(host: "127.0.0.1", port: api.port) { connection in
                                let reply = try await APIClient(client: connection, port: api.port).post(
                                    "/api/user/topup", #"{"key":"\#(key)"}"#, as: user)
                                if !reply.success { #expect(reply.message == "redemption code already used") }
                                return reply.success
                            }
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(successes == 1)
            }
            var after: Int64 = 0
            for user in users { after += try await fixtures.quota(of: user) }
            #expect(after == total + Int64(rounds) * 777)
            let topups = try await ReadModelsProbe.open(fixtures.dataDirectory).models.reader.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM logs WHERE type = 1") ?? 0
            }
            #expect(topups == rounds)
        }
    }
}
