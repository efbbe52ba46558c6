import Ledger
import Testing

/// The JSON texts decisions write keep their bytes: readers (the console, stored settings,
/// sealed key lists) depend on key order, number formatting and escaping.
@Suite struct JSONTextTests {
    @Test func aNewUsersSettingIsSortedWithTheModulesAsAString() {
        let text = NewUserSetting.text(role: Role.common)
        #expect(text.hasPrefix(#"{"gotify_priority":0,"sidebar_modules":"{\"chat\":{\"enabled\":true,"#))
        #expect(text.hasSuffix(#"\"personal\":{\"enabled\":true,\"topup\":true,\"personal\":true}}"}"#))
    }

    @Test func settingsKeepNumbersSlashesAndUnicodeAsWritten() {
        let text =
            #"{"b":"https://x.test/h","gotify_priority":5,"language":"中文","quota_warning_threshold":0.5,"z":1000}"#
        #expect(SettingJSON.encode(SettingJSON.decode(text)) == text)
        #expect(SettingJSON.decode("not json").isEmpty && SettingJSON.decode("[1]").isEmpty)
    }

    @Test func jsonKeyListsReencodeObjectsSortedWithSlashesEscaped() throws {
        let keys = try ChannelKeys.parse(
            #"[{"type":"service_account","token_uri":"https://oauth2.googleapis.com/token","n":1.5}, " k "]"#,
            jsonKeyed: true)
        let sealedForm = #"{"n":1.5,"token_uri":"https:\/\/oauth2.googleapis.com\/token","type":"service_account"}"#
        #expect(keys == [sealedForm, "k"])
    }

    @Test func optionsThatMustBeJSONTakeOnlyArraysAndObjects() {
        let root = Operator(id: 1, username: "root", role: Role.root, authMethod: "session")
        func refused(_ value: String) -> Bool {
            (try? UpdateOption(operator: root, key: "UserUsableGroups", value: value)
                .decide(FakeState(), context: CommandContext(now: 0))) == nil
        }
        #expect(refused("1") && refused(#""text""#) && refused("{broken"))
        #expect(!refused(#"{"default":"默认分组"}"#) && !refused("[]"))
    }
}
