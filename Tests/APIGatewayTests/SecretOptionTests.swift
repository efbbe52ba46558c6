import Engine
import EventStore
import Foundation
import TestSupport
import Testing

@testable import APIGateway

/// Secret options (client secrets, SMTP passwords) reach the ledger and the read model only
/// sealed, and the server can still open them.
@Suite struct SecretOptionTests {
    @Test func secretOptionsAreSealedAtRestAndStillReadable() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let secret = "smtp-password-" + UUID().uuidString
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            #expect(try await api.put("/api/option/", #"{"key":"SMTPToken","value":"\#(secret)"}"#, as: root).success)
            #expect(try await api.put("/api/option/", #"{"key":"GitHubClientSecret","value":""}"#, as: root).success)
            let listed = try await api.get("/api/option/", as: root).text
            #expect(!listed.contains(secret) && !listed.contains("SMTPToken"))
        }
        // Every payload byte of the ledger, uncompressed, and every byte of the read model.
        var payloads = Data()
        for record in try LedgerReader.records(directory) { payloads.append(contentsOf: record.payloadBytes) }
        #expect(!payloads.isEmpty)
        #expect(payloads.range(of: Data(secret.utf8)) == nil, "a secret option is in clear in the ledger")
        // Nor as an unsalted hash, which a dictionary would reverse for a weak password.
        #expect(
            payloads.range(of: Data(SecretSealer.fingerprint(secret).utf8)) == nil,
            "a secret option's hash is in the ledger")
        for file in ["readmodels.sqlite", "readmodels.sqlite-wal"] {
            let bytes = FileManager.default.contents(atPath: directory + "/" + file) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "a secret option is in clear in \(file)")
        }
        let services = try await openServices(testConfiguration(directory), logger: quietLogger)
        defer { services.engine.close() }
        #expect(try await services.secretOption("SMTPToken") == secret)
        #expect(try await services.secretOption("GitHubClientSecret") == "")
        #expect(try await services.secretOption("NoSuchSecret") == "")
    }
}
