import Foundation
import Ledger
import Testing

@Suite struct ChannelCommandTests {
    func channelFields(_ name: String, status: Int32 = 0) -> Oneledger_V1_ChannelFields {
        var fields = Oneledger_V1_ChannelFields()
        fields.name = name
        fields.type = 1
        fields.status = status
        fields.models = "m1,m2"
        fields.group = "default"
        fields.priority = 5
        return fields
    }

    @Test func addNumbersChannelsAndEnablesByDefault() throws {
        let events = try AddChannels(
            operator: root, channels: [(channelFields("a"), [1], "fa"), (channelFields("b"), [2], "fb")]
        ).decide(FakeState.withRootAdminAndUser, context: now)
        #expect(events.count == 2)
        guard case .channelCreated(let first) = events.first else {
            Issue.record("no event")
            return
        }
        #expect(first.channelID == 1 && first.fields.status == ChannelStatus.enabled && first.batchCount == 2)
    }

    @Test func updateChangesOnlyTheNamedFieldsAndRecordsThem() throws {
        var state = FakeState.withRootAdminAndUser
        state.channels[1] = ChannelSnapshot(
            id: 1, fields: channelFields("a", status: 1), sealedKey: Data([9]), keyFingerprint: "f")
        var values = Oneledger_V1_ChannelFields()
        values.remark = "note"
        let events = try UpdateChannel(
            operator: root, channelID: 1, patch: ChannelPatch(values: values, present: ["remark"]), newKey: nil
        ).decide(state, context: now)
        guard case .channelUpdated(let e) = events.first else {
            Issue.record("no event")
            return
        }
        #expect(e.fields.remark == "note" && e.fields.priority == 5 && e.fields.models == "m1,m2")
        #expect(e.changes.map(\.field) == ["remark"] && e.sealedKey.isEmpty)
    }

    @Test func badFieldsAndUnknownIdsAreRefused() {
        var bad = channelFields("a")
        bad.weight = -1
        #expect(
            refusal { try AddChannels(operator: root, channels: [(bad, [1], "f")]).decide(FakeState(), context: now) }
                != nil)
        let patch = ChannelPatch(values: channelFields("x"), present: ["name"])
        #expect(
            refusal {
                try UpdateChannel(operator: root, channelID: 9, patch: patch, newKey: nil).decide(
                    FakeState(), context: now)
            }
                == .recordNotFound)
    }
}
