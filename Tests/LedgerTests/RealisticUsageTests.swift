import SwiftProtobuf
import Testing

@testable import Ledger

@Suite struct RealisticUsageTests {
    @Test func sameSeedGivesTheSameRecords() {
        var a = RealisticUsage(seed: 1)
        var b = RealisticUsage(seed: 1)
        for _ in 0..<100 { #expect(a.next(createdAt: 1_700_000_000) == b.next(createdAt: 1_700_000_000)) }
    }

    @Test func recordsLookLikeARelaysReports() throws {
        var generator = RealisticUsage(seed: 9)
        for _ in 0..<1_000 {
            let usage = generator.next(createdAt: 1_700_000_000)
            #expect(usage.requestID.utf8.count == 32)
            #expect((1...3_000).contains(usage.userID))
            #expect(RealisticUsage.models.contains(usage.modelName))
            #expect(usage.quota > 0)
            #expect((80...160).contains(usage.other.utf8.count))
            let bytes = try usage.serializedBytes() as [UInt8]
            #expect(try Oneledger_V1_UsageRecorded(serializedBytes: bytes) == usage)
        }
    }

    @Test func aFewHeavyUsersBilledUnderTheirOwnGroupTokensAndChannels() {
        var generator = RealisticUsage(seed: 3)
        let population = generator.population
        var perUser: [Int64: Int] = [:]
        var groups: [Int64: Set<String>] = [:]
        var bursts = 0
        var previous: Oneledger_V1_UsageRecorded?
        for _ in 0..<20_000 {
            let usage = generator.next(createdAt: 1_700_000_000)
            perUser[usage.userID, default: 0] += 1
            groups[usage.userID, default: []].insert(usage.group)
            let index = Int(usage.userID - population.users[0])
            #expect(population.tokens[index].contains(usage.tokenID))
            let model = RealisticUsage.models.firstIndex(of: usage.modelName)!
            #expect(population.modelChannels[model].contains(usage.channelID))
            if let previous, previous.tokenID == usage.tokenID, previous.modelName == usage.modelName { bursts += 1 }
            previous = usage
        }
        let counts = perUser.values.sorted(by: >)
        #expect(counts.prefix(30).reduce(0, +) > 20_000 / 3, "the top 1 % of users send over a third")
        #expect(perUser.count > 1_000, "and a long tail of light users")
        #expect(groups.values.allSatisfy { $0.count == 1 })
        #expect(bursts > 2_000)
        #expect(population.tokens.allSatisfy { (1...3).contains($0.count) })
        #expect(population.modelChannels.allSatisfy { (2...3).contains($0.count) })
    }
}
