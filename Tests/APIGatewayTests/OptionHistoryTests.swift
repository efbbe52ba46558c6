import Foundation
import HTTPTypes
import Projections
import TestSupport
import Testing

/// Option changes keep their previous value in the ledger (secret ones only as "[sealed]") and
/// leave a manage log entry.
@Suite struct OptionHistoryTests {
    @Test func optionEventsCarryThePreviousValueAndSecretsStaySealed() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            for body in [
                #"{"key":"Notice","value":"first"}"#, #"{"key":"Notice","value":"second"}"#,
                #"{"key":"SMTPToken","value":"old-smtp-password"}"#,
                #"{"key":"SMTPToken","value":"new-smtp-password"}"#,
            ] {
                let reply = try await api.put("/api/option/", body, as: root)
                #expect(reply.success, "\(reply.text)")
            }
            let logs = try await ReadModelsProbe.open(fixtures.dataDirectory).manageLogs()
            #expect(logs.filter { $0.content == "Updated system setting Notice" }.count == 2)
            #expect(logs.filter { $0.content == "Updated system setting SMTPToken" }.count == 2)
        }
        let events = try LedgerReader.inspect(directory)
        let notices = events.compactMap { $0["payload"] as? [String: Any] }.filter { $0["key"] as? String == "Notice" }
        #expect(notices.map { $0["previous_value"] as? String } == ["", "first"])
        #expect(notices.map { $0["value"] as? String } == ["first", "second"])
        let secrets = events.filter { $0["type"] as? String == "SecretOptionUpdated" }.compactMap {
            $0["payload"] as? [String: Any]
        }
        #expect(secrets.map { $0["previous_value"] as? String } == ["", "[sealed]"])
        #expect(secrets.allSatisfy { $0["sealed_value"] as? String == "[sealed]" && $0["value"] == nil })
        let text = String(decoding: try JSONSerialization.data(withJSONObject: events), as: UTF8.self)
        #expect(!text.contains("old-smtp-password") && !text.contains("new-smtp-password"))
    }

    @Test func migratingLegacyConsoleKeysAuditsTheRemoval() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            #expect(try await api.put("/api/option/", #"{"key":"FAQ","value":"[]"}"#, as: root).success)
            #expect(try await api.post("/api/option/migrate_console_setting", "", as: root).success)
            let logs = try await ReadModelsProbe.open(fixtures.dataDirectory).manageLogs()
            #expect(logs.contains { $0.content == "Removed system setting FAQ" && $0.other.contains("option.delete") })
        }
        let removal = try #require(LedgerReader.inspect(directory).first { $0["type"] as? String == "OptionRemoved" })
        #expect((removal["payload"] as? [String: Any])?["previous_value"] as? String == "[]")
    }

    @Test func aRefusedOptionAppendsNothing() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            let head = try await fixtures.checkpoint()
            let reply = try await api.put(
                "/api/option/", #"{"key":"ModelRatio","value":"{\"gpt-4\":\"cheap\"}"}"#, as: root)
            #expect(!reply.success && reply.message == "ModelRatio must be a JSON object mapping names to numbers")
            #expect(try await fixtures.checkpoint() == head)
        }
        #expect(
            try LedgerReader.inspect(directory).filter { $0["type"] as? String == "OptionUpdated" }.allSatisfy {
                ($0["payload"] as? [String: Any])?["key"] as? String != "ModelRatio"
            })
    }
}
