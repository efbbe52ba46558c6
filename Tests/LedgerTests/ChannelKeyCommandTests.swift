import Foundation
import Ledger
import Testing

@Suite struct ChannelKeyCommandTests {
    func state(size: Int32, statuses: [Int32: Int32] = [:]) -> FakeState {
        var fields = Oneledger_V1_ChannelFields()
        fields.name = "multi"
        fields.type = 1
        fields.isMultiKey = true
        fields.multiKeySize = size
        var keyStatuses: [Int32: Oneledger_V1_ChannelKeyStatus] = [:]
        for (index, value) in statuses {
            var status = Oneledger_V1_ChannelKeyStatus()
            status.status = value
            keyStatuses[index] = status
        }
        var state = FakeState.withRootAdminAndUser
        state.channels[1] = ChannelSnapshot(
            id: 1, fields: fields, sealedKey: Data([1]), keyFingerprint: "before", keyStatuses: keyStatuses)
        return state
    }

    func manage(_ action: ManageChannelKeys.Action, _ index: Int32? = nil, rekey: ManageChannelKeys.Rekey? = nil)
        -> ManageChannelKeys
    {
        ManageChannelKeys(operator: admin, channelID: 1, action: action, keyIndex: index, rekey: rekey)
    }

    @Test func deletingAutoDisabledKeysClosesUpTheStatusList() throws {
        let rekey = ManageChannelKeys.Rekey(removed: [0, 2], sealed: [7], fingerprint: "after", basedOn: "before")
        let events = try manage(.deleteDisabledKeys, rekey: rekey).decide(
            state(size: 4, statuses: [0: 3, 2: 3, 3: 2]), context: now)
        guard case .channelKeysManaged(let e) = events.first else {
            Issue.record("no event")
            return
        }
        #expect(e.multiKeySize == 2 && e.count == 2 && e.keyFingerprint == "after")
        #expect(e.statuses.mapValues(\.status) == [1: 2], "key 3 became key 1")
    }

    @Test func aRekeyBuiltOnOtherKeysIsRefused() {
        let stale = ManageChannelKeys.Rekey(removed: [1], sealed: [7], fingerprint: "after", basedOn: "older")
        #expect(refusal { try manage(.deleteKey, 1, rekey: stale).decide(state(size: 3), context: now) } != nil)
        #expect(refusal { try manage(.deleteKey, 1).decide(state(size: 3), context: now) } != nil)
    }

    @Test func changesThatChangeNothingAppendNothing() throws {
        #expect(try manage(.enableKey, 0).decide(state(size: 2), context: now).isEmpty)
        #expect(try manage(.enableAllKeys).decide(state(size: 2), context: now).isEmpty)
        #expect(try manage(.disableKey, 1).decide(state(size: 2, statuses: [1: 2]), context: now).isEmpty)
        let auto = try manage(.disableKey, 1).decide(state(size: 2, statuses: [1: 3]), context: now)
        guard case .channelKeysManaged(let e) = auto.first else {
            Issue.record("no event")
            return
        }
        #expect(e.statuses[1]?.status == 2 && e.statuses[1]?.disabledTime == now.seconds)
    }

    @Test func refusalsNameTheProblem() {
        func expectRefusal(_ body: () throws -> [LedgerEvent], _ expected: LedgerError, _ message: String) {
            let error = refusal(body)
            #expect(error == expected && error?.description == message)
        }
        expectRefusal(
            { try manage(.disableKey).decide(state(size: 2), context: now) }, .keyIndexMissing(.disableKey),
            "未指定要禁用的密钥索引")
        expectRefusal(
            { try manage(.enableKey, 2).decide(state(size: 2), context: now) }, .keyIndexOutOfRange, "密钥索引超出范围")
        expectRefusal(
            { try manage(.deleteKey, 0).decide(state(size: 1), context: now) }, .cannotDeleteLastKey, "不能删除最后一个密钥")
        expectRefusal(
            { try manage(.disableAllKeys).decide(state(size: 1, statuses: [0: 2]), context: now) }, .noKeyToDisable,
            "没有可禁用的密钥")
        expectRefusal(
            { try manage(.deleteDisabledKeys).decide(state(size: 2), context: now) }, .noDisabledKeyToDelete,
            "没有需要删除的自动禁用密钥")
        expectRefusal({ try manage(.enableAllKeys).decide(FakeState(), context: now) }, .channelNotFound, "渠道不存在")
    }

    @Test func aNewKeyListRecountsAMultiKeyChannelAndAStaleAppendIsRefused() throws {
        let patch = ChannelPatch(values: Oneledger_V1_ChannelFields(), present: [])
        let events = try UpdateChannel(
            operator: admin, channelID: 1, patch: patch, newKey: ([9], "after"), keyCount: 5, appendedTo: "before"
        ).decide(state(size: 3), context: now)
        guard case .channelUpdated(let e) = events.first else {
            Issue.record("no event")
            return
        }
        #expect(e.fields.multiKeySize == 5 && e.keyFingerprint == "after")
        #expect(e.changes.map(\.field) == ["key", "multi_key_size"] && e.changes[0].after == "after")
        let stale = UpdateChannel(
            operator: admin, channelID: 1, patch: patch, newKey: ([9], "after"), keyCount: 5, appendedTo: "older")
        #expect(refusal { try stale.decide(state(size: 3), context: now) } != nil)
    }

    @Test func keyListsParseAppendAndPreview() throws {
        #expect(try ChannelKeys.parse(" a \n\nb\n", jsonKeyed: false) == ["a", "b"])
        #expect(try ChannelKeys.parse(#"[{"k":1}, " s "]"#, jsonKeyed: true) == [#"{"k":1}"#, "s"])
        #expect(throws: LedgerError.self) { try ChannelKeys.parse("[oops", jsonKeyed: true) }
        #expect(throws: LedgerError.self) { try ChannelKeys.parse(#"{"k":1}"#, jsonKeyed: true) }
        #expect(try ChannelKeys.parse(#" {"k":1} "#, jsonKeyed: true, lenient: true) == [#"{"k":1}"#])
        #expect(ChannelKeys.appending(["b", " c ", "c", ""], to: ["a", "b"]) == ["a", "b", "c"])
        #expect(ChannelKeys.split("a\nb\n") == ["a", "b"])
        #expect(ChannelKeys.preview("sk-0123456789abcdef") == "sk-012...")
        #expect(ChannelKeys.preview("abc") == "a...")
    }

    @Test func tagOperationsSkipChannelsTheyWouldNotChange() throws {
        var state = FakeState.withRootAdminAndUser
        var fields = Oneledger_V1_ChannelFields()
        fields.name = "a"
        fields.tag = "t"
        fields.status = ChannelStatus.enabled
        state.channels[1] = ChannelSnapshot(id: 1, fields: fields, sealedKey: Data([1]), keyFingerprint: "f")
        #expect(try SetChannelTagStatus(operator: admin, tag: "t", status: 1).decide(state, context: now).isEmpty)
        #expect(try SetChannelTagStatus(operator: admin, tag: "none", status: 2).decide(state, context: now).isEmpty)
        #expect(try SetChannelTagStatus(operator: admin, tag: "t", status: 2).decide(state, context: now).count == 1)
        let edit = EditChannelTag(
            operator: admin, tag: "t", newTag: nil, priority: 0, weight: nil, modelMapping: nil, models: "", groups: nil
        )
        #expect(try edit.decide(state, context: now).isEmpty)
    }
}
