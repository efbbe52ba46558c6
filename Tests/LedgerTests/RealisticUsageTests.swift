import Testing

@testable import Ledger
import SwiftProtobuf

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
}
