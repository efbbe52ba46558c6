import Ledger
import Testing

@Suite struct RedeemCodeTests {
    func state(status: Int32 = RedemptionStatus.enabled, expiredTime: Int64 = 0) -> FakeState {
        var state = FakeState.withRootAdminAndUser
        state.redemptions[7] = RedemptionSnapshot(
            id: 7, name: "gift", status: status, quota: 1000, expiredTime: expiredTime)
        state.redemptionFingerprints["fp"] = 7
        return state
    }

    @Test func redeemingMarksUsedAndCreditsExactlyTheCodesQuota() throws {
        let events = try RedeemCode(userID: 3, keyFingerprint: "fp").decide(state(), context: now)
        guard case .redemptionCodeRedeemed(let e) = events.first else {
            Issue.record("no event")
            return
        }
        #expect(events.count == 1 && e.redemptionID == 7 && e.quotaBefore == 1000 && e.quotaAfter == 2000)
        #expect(e.logQuota == "＄0.002000 额度")
    }

    @Test func refusals() {
        #expect(
            refusal { try RedeemCode(userID: 3, keyFingerprint: "other").decide(state(), context: now) }
                == .redemptionInvalid)
        #expect(
            refusal { try RedeemCode(userID: 3, keyFingerprint: "fp").decide(state(status: 3), context: now) }
                == .redemptionUsed)
        #expect(
            refusal { try RedeemCode(userID: 3, keyFingerprint: "fp").decide(state(expiredTime: 100), context: now) }
                == .redemptionExpired)
        var full = state()
        full.users[3]?.quota = Int64.max
        #expect(
            refusal { try RedeemCode(userID: 3, keyFingerprint: "fp").decide(full, context: now) } == .quotaOverflow)
    }

    @Test func tokenUpdateByAnotherUserIsRecordNotFound() {
        var state = FakeState.withRootAdminAndUser
        var fields = Oneledger_V1_TokenFields()
        fields.name = "t"
        fields.status = 1
        state.tokens[1] = TokenSnapshot(id: 1, userID: 3, fields: fields)
        #expect(
            refusal {
                try UpdateToken(userID: 2, tokenID: 1, fields: fields, statusOnly: false).decide(state, context: now)
            } == .recordNotFound)
        #expect(
            refusal { try DeleteTokens(userID: 2, tokenIDs: [1], batch: false).decide(state, context: now) }
                == .recordNotFound)
    }
}
