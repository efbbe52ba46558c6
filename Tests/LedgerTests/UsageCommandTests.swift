import Foundation
import Ledger
import Testing

@Suite struct UsageCommandTests {
    static var state: FakeState {
        var state = FakeState.withRootAdminAndUser
        var fields = Oneledger_V1_TokenFields()
        fields.remainQuota = 500
        fields.status = TokenStatus.enabled
        fields.expiredTime = -1
        state.tokens[7] = TokenSnapshot(id: 7, userID: 3, fields: fields)
        state.channels[2] = ChannelSnapshot(id: 2, fields: .init(), sealedKey: .init(), keyFingerprint: "")
        return state
    }

    static func record(_ id: String, user: Int64 = 3, token: Int64 = 7, quota: Int64 = 10) -> UsageInput {
        var input = UsageInput()
        input.requestID = id
        input.userID = user
        input.tokenID = token
        input.channelID = 2
        input.quota = quota
        input.other = #"{"cache_tokens":12,"admin_info":{"cache_tokens":99},"cache_creation_tokens":3}"#
        return input
    }

    @Test func recordsParseCacheCountsOnceAndSkipDuplicates() throws {
        var state = Self.state
        state.seenRequests = ["old"]
        let events = try RecordUsage(records: [
            Self.record("a"), Self.record("a"), Self.record("old"), Self.record("b"),
        ])
        .decide(state, context: now)
        #expect(events.count == 2)
        guard case .usageRecorded(let usage) = events[0] else {
            Issue.record("not usage")
            return
        }
        #expect(usage.cacheReadTokens == 12 && usage.cacheWriteTokens == 3 && usage.createdAt == now.seconds)
    }

    @Test(arguments: [
        (UsageCommandTests.record("x", user: 99), "record 1: unknown user 99"),
        (UsageCommandTests.record("x", token: 8), "record 1: unknown token 8"),
        (UsageCommandTests.record("x", user: 1), "record 1: token 7 does not belong to user 1"),
        (UsageCommandTests.record("x", quota: -1), "record 1: quota must be an integer from 0 to 1000000000000000"),
        (UsageCommandTests.record(""), "record 1: request_id must be 1 to 64 characters"),
        (UsageCommandTests.record("a\u{0}b"), "record 1: request_id contains U+0000, which is refused"),
    ])
    func aBadRecordRefusesTheBatchNamingItsIndex(_ bad: UsageInput, _ message: String) {
        #expect(throws: LedgerError.self) {
            try RecordUsage(records: [Self.record("ok"), bad]).decide(Self.state, context: now)
        }
        do {
            _ = try RecordUsage(records: [Self.record("ok"), bad]).decide(Self.state, context: now)
        } catch { #expect(error.description == message) }
    }

    @Test func otherMustBeAJSONObject() {
        for text in ["[1]", "{", #"{"a":}"#, "nope", #"{"a":1} x"#] {
            #expect(UsageOther.parse(text) == nil, "\(text)")
        }
        #expect(UsageOther.parse(#" {"a":[1,{"b":"\"}"}],"cache_tokens":5} "#)?.cacheTokens == 5)
        #expect(UsageOther.merging(overage: 4, into: "") == #"{"overage":4}"#)
        #expect(UsageOther.merging(overage: 4, into: "{}") == #"{"overage":4}"#)
        #expect(UsageOther.merging(overage: 4, into: #"{"a":1}"#) == #"{"a":1,"overage":4}"#)
    }

    @Test func aReserveIsRefusedWhenUserOrTokenCannotCoverIt() throws {
        let state = Self.state
        #expect(throws: LedgerError.insufficientTokenQuota) {
            try ReserveQuota(requestID: "r", userID: 3, tokenID: 7, quota: 600, modelName: "", ttlSeconds: nil)
                .decide(state, context: now)
        }
        #expect(throws: LedgerError.insufficientUserQuota) {
            try ReserveQuota(requestID: "r", userID: 3, tokenID: 0, quota: 1_001, modelName: "", ttlSeconds: nil)
                .decide(state, context: now)
        }
        let events = try ReserveQuota(
            requestID: "r", userID: 3, tokenID: 7, quota: 400, modelName: "m", ttlSeconds: nil
        )
        .decide(state, context: now)
        guard case .quotaReserved(let hold) = events.first else {
            Issue.record("no hold")
            return
        }
        #expect(hold.expiresAt == now.seconds + 600 && !hold.tokenUnlimited)
    }

    @Test func settleReturnsTheHoldAndChargesTheActualWithOverage() throws {
        var state = Self.state
        state.reservations["r"] = ReservationSnapshot(
            requestID: "r", userID: 3, tokenID: 7, quota: 100, tokenUnlimited: false, expiresAt: now.seconds + 5,
            status: .open)
        var record = Self.record("r", quota: 130)
        record.userID = 0
        record.tokenID = 0
        record.other = #"{"a":1}"#
        let events = try SettleReservation(record: record).decide(state, context: now)
        guard case .reservationSettled(let settled) = events.first, case .usageRecorded(let usage) = events.last else {
            Issue.record("two events expected")
            return
        }
        #expect(settled.reserved == 100 && settled.overage == 30)
        #expect(
            usage.quota == 130 && usage.userID == 3 && usage.tokenID == 7 && usage.other == #"{"a":1,"overage":30}"#)
        state.reservations["r"]?.status = .settled
        #expect(throws: LedgerError.reservationNotFound) {
            try SettleReservation(record: record).decide(state, context: now)
        }
        #expect(throws: LedgerError.reservationNotFound) {
            try ReleaseReservation(requestID: "r").decide(state, context: now)
        }
    }
}
