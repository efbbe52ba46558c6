import Ledger
import Testing

@Suite struct TokenStatusTests {
    func fields(expiredTime: Int64 = -1, remainQuota: Int64 = 0, unlimited: Bool = false, status: Int32 = 1)
        -> Oneledger_V1_TokenFields
    {
        var fields = Oneledger_V1_TokenFields()
        fields.name = "t"
        fields.status = status
        fields.expiredTime = expiredTime
        fields.remainQuota = remainQuota
        fields.unlimitedQuota = unlimited
        return fields
    }

    @Test func readsShowExpiryAndExhaustion() {
        let t = now.seconds
        #expect(TokenStatus.shown(fields(expiredTime: t - 1), usedQuota: 0, at: t) == TokenStatus.expired)
        #expect(TokenStatus.shown(fields(expiredTime: t + 1), usedQuota: 0, at: t) == TokenStatus.enabled)
        #expect(TokenStatus.shown(fields(), usedQuota: 5, at: t) == TokenStatus.exhausted)
        #expect(TokenStatus.shown(fields(), usedQuota: 0, at: t) == TokenStatus.enabled)
        #expect(TokenStatus.shown(fields(unlimited: true), usedQuota: 5, at: t) == TokenStatus.enabled)
        #expect(TokenStatus.shown(fields(expiredTime: t - 1, status: 2), usedQuota: 0, at: t) == TokenStatus.disabled)
    }

    @Test func enablingASpentOrExpiredTokenIsRefused() {
        var state = FakeState.withRootAdminAndUser
        state.tokens[1] = TokenSnapshot(id: 1, userID: 3, fields: fields(status: 2), usedQuota: 10)
        state.tokens[2] = TokenSnapshot(id: 2, userID: 3, fields: fields(expiredTime: now.seconds - 5, status: 2))
        let enable = fields(status: 1)
        #expect(
            refusal {
                try UpdateToken(userID: 3, tokenID: 1, fields: enable, statusOnly: true).decide(state, context: now)
            }
                == .tokenExhaustedCannotEnable)
        #expect(
            refusal {
                try UpdateToken(userID: 3, tokenID: 2, fields: enable, statusOnly: true).decide(state, context: now)
            }
                == .tokenExpiredCannotEnable)
    }
}
