import Foundation
import SwiftProtobuf
import Testing

@testable import Ledger

@Suite struct OptionChangeTests {
    let state = FakeState.withRootAdminAndUser

    @Test func anUpdateCarriesTheStoredPreviousValue() throws {
        var state = state
        state.options["Notice"] = "old notice"
        let events = try UpdateOption(operator: root, key: "Notice", value: "new").decide(state, context: now)
        guard case .optionUpdated(let updated) = events.first else {
            Issue.record("no update")
            return
        }
        #expect(updated.value == "new" && updated.hasPreviousValue && updated.previousValue == "old notice")
        #expect(updated.operator.username == "root")
    }

    @Test func anUnsetOptionsPreviousValueIsItsDefault() throws {
        let events = try UpdateOption(operator: root, key: "QuotaPerUnit", value: "1000").decide(state, context: now)
        guard case .optionUpdated(let updated) = events.first else {
            Issue.record("no update")
            return
        }
        #expect(updated.previousValue == "500000")
        let unknown = try UpdateOption(operator: root, key: "SomethingNew", value: "x").decide(state, context: now)
        guard case .optionUpdated(let fresh) = unknown.first else {
            Issue.record("no update")
            return
        }
        #expect(fresh.hasPreviousValue && fresh.previousValue == "")
    }

    @Test(arguments: ["nan", "inf", "-1", "0", "", "abc"])
    func quotaPerUnitMustBeAPositiveNumber(value: String) {
        #expect(throws: LedgerError.optionNotPositiveNumber(key: "QuotaPerUnit")) {
            try UpdateOption(operator: root, key: "QuotaPerUnit", value: value).decide(state, context: now)
        }
        #expect(throws: LedgerError.optionNotPositiveNumber(key: "USDExchangeRate")) {
            try UpdateOption(operator: root, key: "USDExchangeRate", value: value).decide(state, context: now)
        }
    }

    @Test func aSecretsPreviousValueIsOnlyAMarker() throws {
        var state = state
        state.options["SMTPToken"] = "old-password"
        let sealed = [UInt8](repeating: 0xA5, count: 40)
        let events = try UpdateOption(operator: root, key: "SMTPToken", value: "new-password", sealedValue: sealed)
            .decide(state, context: now)
        guard case .secretOptionUpdated(let updated) = events.first else {
            Issue.record("no secret update")
            return
        }
        #expect(updated.previousValue == "[sealed]")
        #expect(updated.value.isEmpty && [UInt8](updated.sealedValue) == sealed)
        let bytes: [UInt8] = try updated.serializedBytes()
        #expect(Data(bytes).range(of: Data("old-password".utf8)) == nil)
        #expect(Data(bytes).range(of: Data("new-password".utf8)) == nil)
        let first = try UpdateOption(operator: root, key: "GitHubClientSecret", value: "s", sealedValue: sealed)
            .decide(state, context: now)
        guard case .secretOptionUpdated(let unset) = first.first else {
            Issue.record("no secret update")
            return
        }
        #expect(unset.hasPreviousValue && unset.previousValue == "")
    }

    @Test func anUnsealedSecretIsRefused() throws {
        #expect(throws: LedgerError.self) {
            try UpdateOption(operator: root, key: "SMTPToken", value: "clear").decide(state, context: now)
        }
        let cleared = try UpdateOption(operator: root, key: "SMTPToken", value: "").decide(state, context: now)
        guard case .secretOptionUpdated(let event) = cleared.first else {
            Issue.record("no secret update")
            return
        }
        #expect(event.value.isEmpty && event.sealedValue.isEmpty)
    }

    /// An event written before `previous_value` existed (fields 1–3 only) still decodes.
    @Test func olderEventsWithoutAPreviousValueDecode() throws {
        var old = Oneledger_V1_OptionUpdated()
        old.key = "Notice"
        old.value = "v"
        let bytes: [UInt8] = try old.serializedBytes()
        let decoded = try #require(
            EventCatalog.decode(type: "OptionUpdated", payload: bytes) as? Oneledger_V1_OptionUpdated)
        #expect(decoded.key == "Notice" && decoded.value == "v" && !decoded.hasPreviousValue)
        var removed = Oneledger_V1_OptionRemoved()
        removed.key = "FAQ"
        let removedBytes: [UInt8] = try removed.serializedBytes()
        let decodedRemoval = try #require(
            EventCatalog.decode(type: "OptionRemoved", payload: removedBytes) as? Oneledger_V1_OptionRemoved)
        #expect(decodedRemoval.key == "FAQ" && !decodedRemoval.hasPreviousValue)
    }

    @Test func resetModelRatioWritesTheBuiltInTableAndRemembersTheOldOne() throws {
        var state = state
        state.options["ModelRatio"] = #"{"gpt-4":99}"#
        let events = try ResetModelRatio(operator: root).decide(state, context: now)
        guard case .optionUpdated(let reset) = events.first else {
            Issue.record("no reset")
            return
        }
        #expect(reset.value == DefaultRatios.values["ModelRatio"] && reset.previousValue == #"{"gpt-4":99}"#)
    }

    @Test func migrationRemovalsCarryTheRemovedValue() throws {
        var state = state
        state.options["FAQ"] = #"[{"question":"q","answer":"a"}]"#
        let events = try MigrateConsoleSetting(operator: root).decide(state, context: now)
        #expect(events.map(\.type) == ["OptionUpdated", "OptionRemoved"])
        guard case .optionRemoved(let removed) = events.last else {
            Issue.record("no removal")
            return
        }
        #expect(removed.previousValue == #"[{"question":"q","answer":"a"}]"# && removed.operator.username == "root")
    }

    @Test(arguments: [
        ("ModelRatio", #"{"gpt-4":"15"}"#), ("ModelRatio", "[1,2]"), ("ModelRatio", ""), ("ModelRatio", "{broken"),
        ("CompletionRatio", #"{"gpt-4":true}"#), ("CacheRatio", #"{"gpt-4":-1}"#), ("CreateCacheRatio", "null"),
        ("ModelPrice", #"{"dall-e-3":{"price":1}}"#), ("GroupRatio", #"{"vip":-0.5}"#), ("ImageRatio", "1"),
    ])
    func badRatioTablesAreRefused(key: String, value: String) {
        let error = refusal { try UpdateOption(operator: root, key: key, value: value).decide(state, context: now) }
        switch error {
        case .ratioTableNotAnObject?, .negativeRatio?, .negativeGroupRatio?: break
        default:
            Issue.record("not refused: \(key) = \(value)")
            return
        }
        let message = error?.description ?? ""
        #expect(message.contains(key) || message.contains("group ratio"))
    }

    @Test func goodRatioTablesAreAccepted() throws {
        for (key, value) in [
            ("ModelRatio", #"{"gpt-4":15,"m":0.5}"#), ("GroupRatio", #"{"default":1,"vip":0}"#), ("ModelPrice", "{}"),
        ] {
            #expect(try UpdateOption(operator: root, key: key, value: value).decide(state, context: now).count == 1)
        }
    }

    @Test func builtInTablesAreTheDefaults() throws {
        func table(_ key: String) -> [String: Double] { RatioTable.parse(OptionDefaults.values[key] ?? "") ?? [:] }
        let modelRatio = table("ModelRatio")
        #expect(modelRatio.count == 240 && modelRatio["gpt-4"] == 15 && modelRatio["gpt-4o-mini"] == 0.075)
        // Go constant arithmetic: 0.120 * (500 / 7.3), and 1 / 1000 * 500 with integer division.
        #expect(modelRatio["ERNIE-4.0-8K"] == 8.219178082191782)
        #expect(modelRatio["llama-3-sonar-large-32k-chat"] == 0 && modelRatio["llama-3-sonar-small-32k-chat"] == 0.1)
        #expect(table("ModelPrice")["dall-e-3"] == 0.04 && table("ModelPrice")["mj_imagine"] == 0.1)
        #expect(table("CacheRatio")["claude-opus-4-6"] == 0.1 && table("CreateCacheRatio")["claude-opus-4-6"] == 1.25)
        #expect(
            table("CompletionRatio") == ["gpt-4-gizmo-*": 2, "gpt-4o-gizmo-*": 3, "gpt-4-all": 2, "gpt-image-1": 8])
        #expect(OptionDefaults.values["GroupRatio"] == #"{"default":1,"vip":1,"svip":1}"#)
        #expect(OptionDefaults.values["ModelRatio"]?.hasPrefix(#"{"BLOOMZ-7B":0.273972602739726,"#) == true)
        #expect(OptionDefaults.values["ModelRatio"]?.contains(" ") == false)
    }
}
