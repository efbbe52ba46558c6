import Foundation
import Testing

@testable import Ledger

/// The decisions behind third-party sign-in and the channels' upstream calls, as input → output.
@Suite struct OutsideSystemCommandTests {
    func signIn(_ binding: UserBinding = .github, id: String = "42", username: String = "octo", aff: String = "")
        -> SignInWithProvider
    {
        SignInWithProvider(
            binding: binding, accountID: id, username: username, inviterAffCode: aff, affCodeCandidates: ["AAAA"])
    }

    @Test func aNewAccountRegistersBindsAndLogsInAtOnce() throws {
        var state = FakeState()
        state.users[1] = UserSnapshot(id: 1, username: "inviter", affCode: "INV1")
        state.options = ["QuotaForInvitee": "7", "QuotaForInviter": "9"]
        let events = try signIn(aff: "INV1").decide(state, context: now)
        #expect(events.map(\.type) == ["UserRegistered", "InviterRewarded", "UserBindingChanged", "UserLoggedIn"])
        guard case .userRegistered(let user) = events[0], case .userLoggedIn(let login) = events[3] else {
            Issue.record("unexpected events")
            return
        }
        #expect(user.userID == 2 && user.username == "octo" && user.quota == 7 && user.inviterID == 1)
        #expect(user.displayName == "GitHub User" && user.via == "oauth:github" && user.passwordHash.isEmpty)
        #expect(login.method == "oauth:github" && login.userID == 2)
    }

    @Test func aTakenOrInvalidUsernameFallsBackToThePrefixAndId() throws {
        var state = FakeState()
        state.users[1] = UserSnapshot(id: 1, username: "octo")
        for username in ["octo", "", String(repeating: "x", count: 21)] {
            guard
                case .userRegistered(let user) = try signIn(.linuxDo, username: username).decide(state, context: now)[0]
            else { continue }
            #expect(user.username == "linuxdo_2")
        }
    }

    @Test func knownAccountsSignInUnlessBannedOrDeleted() throws {
        var state = FakeState()
        state.users[5] = UserSnapshot(id: 5, username: "five")
        state.bindings[.github] = [5: "42"]
        #expect(try signIn().decide(state, context: now).map(\.type) == ["UserLoggedIn"])
        state.users[5]?.status = UserStatus.disabled
        #expect(refusal { try signIn().decide(state, context: now) } == .userBanned)
        state.users[5]?.deleted = true
        #expect(refusal { try signIn().decide(state, context: now) } == .userDeleted)
    }

    @Test func registrationRulesApply() {
        var state = FakeState()
        state.options["RegisterEnabled"] = "false"
        #expect(refusal { try signIn().decide(state, context: now) } == .registrationDisabled)
        var telegram = signIn(.telegram)
        telegram.mayRegister = false
        #expect(refusal { try telegram.decide(FakeState(), context: now) }?.description == "该 Telegram 账户未绑定")
        var withEmail = signIn()
        withEmail.email = "Taken@Example.com"
        var taken = FakeState()
        taken.users[1] = UserSnapshot(id: 1, username: "a", email: "taken@example.com")
        #expect(refusal { try withEmail.decide(taken, context: now) } == .emailTaken)
    }

    @Test func bindingRefusesAnAccountSomeoneElseHolds() throws {
        var state = FakeState()
        state.users[1] = UserSnapshot(id: 1, username: "a")
        state.users[2] = UserSnapshot(id: 2, username: "b")
        state.bindings[.wechat] = [1: "wx"]
        let error = refusal {
            try BindProviderAccount(userID: 2, binding: .wechat, accountID: "wx").decide(state, context: now)
        }
        #expect(error?.description == "该微信账号已被绑定")
        #expect(
            try BindProviderAccount(userID: 1, binding: .wechat, accountID: "wx").decide(state, context: now).isEmpty)
        let events = try BindProviderAccount(userID: 2, binding: .github, accountID: "9").decide(state, context: now)
        #expect(events.map(\.type) == ["UserBindingChanged"])
    }

    func channelState(autoBan: Int32 = 1, status: Int32 = ChannelStatus.enabled, multiKey: Int32 = 0) -> FakeState {
        var fields = Oneledger_V1_ChannelFields()
        fields.name = "c"
        fields.status = status
        fields.autoBan = autoBan
        fields.isMultiKey = multiKey > 0
        fields.multiKeySize = multiKey
        var state = FakeState()
        state.channels[1] = ChannelSnapshot(id: 1, fields: fields, sealedKey: Data(), keyFingerprint: "")
        state.options = ["AutomaticDisableChannelEnabled": "true", "AutomaticEnableChannelEnabled": "true"]
        return state
    }

    func test(_ outcome: ChannelTestOutcome, _ state: FakeState, automatic: Bool = true) throws -> [String] {
        try RecordChannelTest(channelID: 1, outcome: outcome, automatic: automatic).decide(state, context: now).map(
            \.type)
    }

    @Test func testAllDisablesOnDisablingFailuresOnly() throws {
        let revoked = ChannelTestOutcome(model: "m", responseTime: 5, success: false, message: "x", statusCode: 401)
        #expect(try test(revoked, channelState()) == ["ChannelTested", "ChannelStatusAutoChanged"])
        #expect(try test(revoked, channelState(), automatic: false) == ["ChannelTested"])
        #expect(try test(revoked, channelState(autoBan: 0)) == ["ChannelTested"])
        let busy = ChannelTestOutcome(model: "m", responseTime: 5, success: false, message: "busy", statusCode: 503)
        #expect(try test(busy, channelState()) == ["ChannelTested"])
        let broke = ChannelTestOutcome(
            model: "m", responseTime: 5, success: false, message: "You exceeded your current quota")
        #expect(try test(broke, channelState()) == ["ChannelTested", "ChannelStatusAutoChanged"])
        let slow = ChannelTestOutcome(model: "m", responseTime: 6_000, success: true)
        #expect(try test(slow, channelState()) == ["ChannelTested", "ChannelStatusAutoChanged"])
        let pass = ChannelTestOutcome(model: "m", responseTime: 5, success: true)
        #expect(
            try test(pass, channelState(status: ChannelStatus.autoDisabled)) == [
                "ChannelTested", "ChannelStatusAutoChanged",
            ])
        #expect(try test(pass, channelState(status: ChannelStatus.manuallyDisabled)) == ["ChannelTested"])
        // Multi-key: the used key goes first; the last one takes the channel with it.
        var keyed = revoked
        keyed.keyIndex = 1
        #expect(try test(keyed, channelState(multiKey: 2)) == ["ChannelTested", "ChannelKeyAutoDisabled"])
        var lastKey = channelState(multiKey: 2)
        var disabled = Oneledger_V1_ChannelKeyStatus()
        disabled.status = ChannelStatus.autoDisabled
        lastKey.channels[1]?.keyStatuses = [0: disabled]
        #expect(try test(keyed, lastKey) == ["ChannelTested", "ChannelKeyAutoDisabled", "ChannelStatusAutoChanged"])
    }

    @Test func theAutoStatusCarriesItsReasonInOtherInfo() throws {
        let events = try RecordChannelTest(
            channelID: 1, outcome: ChannelTestOutcome(model: "m", responseTime: 6_000, success: true), automatic: true
        ).decide(channelState(), context: now)
        guard case .channelStatusAutoChanged(let change) = events.last else {
            Issue.record("no status change")
            return
        }
        let info = JSONValue(parsing: change.otherInfo)
        #expect(info?["status_reason"]?.stringValue == "响应时间 6.00s 超过阈值 5.00s")
        #expect(info?["status_time"] == .int(1_700_000_000) && change.statusAfter == ChannelStatus.autoDisabled)
    }

    @Test func statusCodeRangesParse() {
        #expect(AutoDisableRules.ranges("401, 403,500-599,x,9-1") == [401...401, 403...403, 500...599])
        #expect(AutoDisableRules.ranges("[401,\"429\"]") == [401...401, 429...429])
    }

    @Test func anEmptyBalanceDisablesOnlyWhenUpdatingAll() throws {
        let single = try UpdateChannelBalance(channelID: 1, balance: 0, automatic: false).decide(
            channelState(), context: now)
        #expect(single.map(\.type) == ["ChannelBalanceUpdated"])
        let all = try UpdateChannelBalance(channelID: 1, balance: -1, automatic: true).decide(
            channelState(), context: now)
        #expect(all.map(\.type) == ["ChannelBalanceUpdated", "ChannelStatusAutoChanged"])
        #expect(
            refusal {
                try UpdateChannelBalance(channelID: 1, balance: .nan, automatic: true).decide(
                    channelState(), context: now)
            } != nil)
    }
}
