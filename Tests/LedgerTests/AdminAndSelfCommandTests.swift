import Testing

@testable import Ledger

@Suite struct AdminAndSelfCommandTests {
    let state = FakeState.withRootAdminAndUser

    @Test func adminCannotCreateAnEqualRole() {
        let create = CreateUser(
            operator: admin, username: "x", passwordHash: "h", displayName: "", role: Role.admin,
            affCodeCandidates: ["Q"])
        #expect(refusal { try create.decide(state, context: now) } == .cannotCreateEqualOrHigher)
    }

    @Test func createdUserCarriesTheOperatorForTheAuditLog() throws {
        let events = try CreateUser(
            operator: admin, username: "carol", passwordHash: "h", displayName: "", role: 0, affCodeCandidates: ["Q"]
        ).decide(state, context: now)
        guard case .userRegistered(let carol) = events.first else {
            Issue.record("no user")
            return
        }
        #expect(carol.role == Role.common && carol.displayName == "carol" && carol.operator.username == "admin")
    }

    @Test func updateRecordsADiffAndRefusesRoleChanges() throws {
        let update = UpdateUser(
            operator: admin, userID: 3, username: "alice2", displayName: "A", group: "vip", remark: "",
            passwordHash: "",
            role: 0)
        guard case .userProfileUpdated(let changed) = try update.decide(state, context: now).first else { return }
        #expect(changed.changes.map(\.field) == ["username", "display_name", "group"])
        #expect(changed.changes[0].before == "alice" && changed.changes[0].after == "alice2")
        var roleChange = update
        roleChange.role = Role.admin
        #expect(refusal { try roleChange.decide(state, context: now) } == .invalidParameters)
        var onAdmin = update
        onAdmin.userID = 2
        onAdmin.role = 0
        #expect(refusal { try onAdmin.decide(state, context: now) } == .noPermissionUpdate)
    }

    @Test func rootCannotDeleteThemself() {
        #expect(refusal { try DeleteOwnAccount(userID: 1).decide(state, context: now) } == .cannotDeleteRootSelf)
    }

    @Test func purgeNeedsAStrictlyHigherRole() throws {
        #expect(
            refusal { try PurgeUser(operator: admin, userID: 2).decide(state, context: now) } == .noPermissionUpdate)
        let events = try PurgeUser(operator: admin, userID: 3).decide(state, context: now)
        guard case .userDeleted(let deleted) = events.first else { return }
        #expect(deleted.hard)
    }

    @Test func settingChangeKeepsOtherKeys() throws {
        var state = state
        state.users[3]?.setting = #"{"gotify_priority":0,"language":"en"}"#
        let events = try ChangeOwnSetting(userID: 3, key: "sidebar_modules", value: "{}").decide(state, context: now)
        guard case .userSettingChanged(let changed) = events.first else { return }
        #expect(changed.setting == #"{"gotify_priority":0,"language":"en","sidebar_modules":"{}"}"#)
    }

    @Test func secretOptionsAreRecordedAsSecret() throws {
        let events = try UpdateOption(
            operator: root, key: "SMTPToken", value: "s3cret", sealedValue: [1, 2, 3]
        ).decide(state, context: now)
        #expect(events.first?.type == "SecretOptionUpdated")
        #expect(EventCatalog.entries["SecretOptionUpdated"]?.secretFields == ["value", "sealed_value"])
    }

    @Test func optionGuards() {
        #expect(
            refusal {
                try UpdateOption(operator: root, key: "GitHubOAuthEnabled", value: "true").decide(state, context: now)
            }
                != nil)
        #expect(
            refusal {
                try UpdateOption(operator: root, key: "theme.frontend", value: "neon").decide(state, context: now)
            }
                != nil)
        #expect(
            refusal { try UpdateOption(operator: root, key: "GroupRatio", value: "{").decide(state, context: now) }
                != nil)
        #expect(
            refusal {
                try UpdateOption(operator: root, key: "payment_setting.compliance_x", value: "1").decide(
                    state, context: now)
            } != nil)
    }

    @Test func everyEventRoundTripsThroughItsWireForm() throws {
        let events = try RegisterUser(username: "bob", passwordHash: "h", inviterAffCode: "", affCodeCandidates: ["B"])
            .decide(state, context: now)
        for event in events {
            #expect(LedgerEvent(type: event.type, payload: event.payload()) == event)
            #expect(EventCatalog.entries[event.type] != nil)
        }
    }

    @Test func quotaTextFollowsTheDisplayType() {
        #expect(QuotaText { _ in nil }.render(500_000) == "＄1.000000 额度")
        #expect(QuotaText { $0 == "general_setting.quota_display_type" ? "TOKENS" : nil }.render(42) == "42 点额度")
        #expect(
            QuotaText { $0 == "general_setting.quota_display_type" ? "CNY" : nil }.render(500_000) == "¥7.300000 额度")
    }
}
