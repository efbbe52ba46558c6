import Testing

@testable import Ledger

@Suite struct ManageUserTests {
    let state = FakeState.withRootAdminAndUser

    func decide(_ operatorInfo: Operator, _ id: Int64, _ action: ManageUser.Action) throws(LedgerError) -> [LedgerEvent]
    {
        try ManageUser(operator: operatorInfo, userID: id, action: action).decide(state, context: now)
    }

    @Test func adminDisablesAUserAndTheEventNamesTheOperator() throws {
        let events = try decide(admin, 3, .disable)
        guard case .userStatusChanged(let changed) = events.first else {
            Issue.record("no event")
            return
        }
        #expect(changed.statusBefore == 1 && changed.statusAfter == 2 && changed.operator.userID == 2)
        #expect(events.first?.stream == "user:3")
    }

    @Test func permissionRules() {
        #expect(refusal { try decide(admin, 1, .disable) } == .noPermissionUpdateHigher)
        #expect(refusal { try decide(admin, 2, .enable) } == .noPermissionUpdateHigher)
        #expect(refusal { try decide(root, 1, .disable) } == .cannotDisableRoot)
        #expect(refusal { try decide(root, 1, .delete) } == .cannotDeleteRoot)
        #expect(refusal { try decide(admin, 3, .promote) } == .onlyRootPromotes)
        #expect(refusal { try decide(root, 2, .promote) } == .alreadyAdmin)
        #expect(refusal { try decide(root, 1, .demote) } == .cannotDemoteRoot)
        #expect(refusal { try decide(root, 3, .demote) } == .alreadyCommonUser)
        #expect(refusal { try decide(root, 99, .enable) } == .userNotFound)
    }

    @Test func rootPromotesAndDemotes() throws {
        guard case .userRoleChanged(let promoted) = try decide(root, 3, .promote).first else { return }
        #expect(promoted.roleAfter == Role.admin)
        guard case .userRoleChanged(let demoted) = try decide(root, 2, .demote).first else { return }
        #expect(demoted.roleAfter == Role.common)
    }

    @Test func quotaAddSubtractOverride() throws {
        guard case .userQuotaAdjusted(let added) = try decide(admin, 3, .addQuota(mode: "add", value: 500_000)).first
        else { return }
        #expect(added.quotaAfter == 501_000 && added.logAmount == "＄1.000000 额度")
        guard case .userQuotaAdjusted(let cut) = try decide(admin, 3, .addQuota(mode: "subtract", value: 2_000)).first
        else { return }
        #expect(cut.quotaAfter == -1_000)
        guard case .userQuotaAdjusted(let set) = try decide(admin, 3, .addQuota(mode: "override", value: 0)).first
        else { return }
        #expect(set.quotaAfter == 0 && set.quotaBefore == 1_000)
    }

    @Test func quotaAmountsOutsideTheContractAreRefused() {
        #expect(refusal { try decide(admin, 3, .addQuota(mode: "add", value: 0)) } == .quotaChangeZero)
        #expect(refusal { try decide(admin, 3, .addQuota(mode: "subtract", value: -5)) } == .quotaChangeZero)
        #expect(
            refusal { try decide(admin, 3, .addQuota(mode: "add", value: 1_000_000_000_000_001)) } == .quotaOutOfRange)
        #expect(refusal { try decide(admin, 3, .addQuota(mode: "override", value: -1)) } == .quotaOutOfRange)
        #expect(refusal { try decide(admin, 3, .addQuota(mode: "double", value: 1)) } == .invalidParameters)
    }

    @Test func balancesNeverWrapAround() {
        var state = state
        state.users[3]?.quota = Int64.max - 10
        let add = ManageUser(operator: admin, userID: 3, action: .addQuota(mode: "add", value: 11))
        #expect(refusal { try add.decide(state, context: now) } == .quotaOverflow)
        state.users[3]?.quota = Int64.min + 10
        let subtract = ManageUser(operator: admin, userID: 3, action: .addQuota(mode: "subtract", value: 11))
        #expect(refusal { try subtract.decide(state, context: now) } == .quotaOverflow)
    }
}
