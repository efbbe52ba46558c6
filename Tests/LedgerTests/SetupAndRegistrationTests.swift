import Testing

@testable import Ledger

@Suite struct SetupAndRegistrationTests {
    @Test func setupCreatesRootStoresModesAndMarksSetup() throws {
        let events = try CompleteSetup(
            username: "root", passwordHash: "h", selfUseModeEnabled: true, demoSiteEnabled: false, version: "v"
        ).decide(FakeState(), context: now)
        #expect(events.map(\.type) == ["UserRegistered", "OptionUpdated", "OptionUpdated", "SetupCompleted"])
        guard case .userRegistered(let rootUser) = events[0] else {
            Issue.record("no user")
            return
        }
        #expect(rootUser.role == Role.root && rootUser.quota == 100_000_000 && rootUser.displayName == "Root User")
        #expect(rootUser.affCode.isEmpty && rootUser.userID == 1 && rootUser.createdAt == 1_700_000_000)
        guard case .optionUpdated(let selfUse) = events[1] else {
            Issue.record("no option")
            return
        }
        #expect(selfUse.key == "SelfUseModeEnabled" && selfUse.value == "true")
    }

    @Test func secondSetupIsRefused() {
        var state = FakeState()
        state.setUp = true
        let error = refusal {
            try CompleteSetup(
                username: "r", passwordHash: "h", selfUseModeEnabled: false, demoSiteEnabled: false, version: ""
            )
            .decide(state, context: now)
        }
        #expect(error == .alreadySetUp)
        #expect(error?.description == "系统已经初始化完成")
    }

    @Test(arguments: [
        ("averyveryverylongname", "password1", "password1", LedgerError.setupUsernameTooLong),
        ("root", "password1", "password2", .setupPasswordMismatch),
        ("root", "short", "short", .setupPasswordTooShort),
    ])
    func setupInputRules(username: String, password: String, confirmation: String, expected: LedgerError) {
        #expect(throws: expected) {
            try UserValidation.checkSetup(username: username, password: password, confirmation: confirmation)
        }
    }

    @Test func registrationAssignsNextIDAndAFreeAffCode() throws {
        let events = try RegisterUser(
            username: "bob", passwordHash: "h", inviterAffCode: "", affCodeCandidates: ["ALCE", "BOB1"]
        ).decide(FakeState.withRootAdminAndUser, context: now)
        guard case .userRegistered(let bob) = events.first else {
            Issue.record("no user")
            return
        }
        #expect(bob.userID == 4 && bob.role == Role.common && bob.affCode == "BOB1" && bob.displayName == "bob")
        #expect(bob.setting.contains("gotify_priority") && !bob.setting.contains("\\\"admin\\\""))
    }

    @Test func hardDeletedIDsAreNotReused() throws {
        var state = FakeState.withRootAdminAndUser
        state.maxID = 9
        let events = try RegisterUser(username: "bob", passwordHash: "h", inviterAffCode: "", affCodeCandidates: ["B"])
            .decide(state, context: now)
        guard case .userRegistered(let bob) = events.first else {
            Issue.record("no user")
            return
        }
        #expect(bob.userID == 10)
    }

    @Test func takenUsernameIsRefused() {
        #expect(throws: LedgerError.usernameTaken) {
            try RegisterUser(username: "alice", passwordHash: "h", inviterAffCode: "", affCodeCandidates: ["X"])
                .decide(FakeState.withRootAdminAndUser, context: now)
        }
    }

    @Test func closedRegistrationIsRefused() {
        var state = FakeState.withRootAdminAndUser
        state.options["RegisterEnabled"] = "false"
        #expect(throws: LedgerError.registrationDisabled) {
            try RegisterUser(username: "bob", passwordHash: "h", inviterAffCode: "", affCodeCandidates: ["X"])
                .decide(state, context: now)
        }
    }

    @Test func inviteRewardsBothSidesWithSystemLogTexts() throws {
        var state = FakeState.withRootAdminAndUser
        state.options["QuotaForNewUser"] = "500000"
        state.options["QuotaForInvitee"] = "250000"
        state.options["QuotaForInviter"] = "100000"
        let events = try RegisterUser(
            username: "bob", passwordHash: "h", inviterAffCode: "ALCE", affCodeCandidates: ["B"]
        )
        .decide(state, context: now)
        #expect(events.map(\.type) == ["UserRegistered", "InviterRewarded"])
        guard case .userRegistered(let bob) = events[0], case .inviterRewarded(let reward) = events[1] else { return }
        #expect(bob.quota == 750_000 && bob.inviterID == 3)
        #expect(bob.logQuotaNewUser == "＄1.000000 额度" && bob.logQuotaInvitee == "＄0.500000 额度")
        #expect(reward.userID == 3 && reward.reward == 100_000 && reward.inviteeID == bob.userID)
    }

    @Test(arguments: ["", "   "])
    func blankUsernamesAreInvalidParameters(name: String) {
        #expect(throws: LedgerError.invalidParameters) { try UserValidation.checkUsername(name) }
    }

    @Test func passwordLengthRules() {
        #expect(throws: (any Error).self) { try UserValidation.checkPassword("1234567") }
        #expect(throws: (any Error).self) { try UserValidation.checkPassword(String(repeating: "a", count: 21)) }
        #expect(throws: Never.self) { try UserValidation.checkPassword("12345678") }
    }
}
