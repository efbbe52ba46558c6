import APIGateway
import EventStore
import Foundation
import Replay
import TestSupport
import Testing

@Suite struct SealingTests {
    /// Token, redemption and channel keys never reach the ledger in plain text: every payload holds only
    /// the sealed bytes and a fingerprint, and `inspect`'s JSON shows "[sealed]".
    @Test func keysNeverEnterTheLedgerInPlainText() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let keys = KeyBox()
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            let token = try await fixtures.token(alice)
            let codes = try await fixtures.redemptionCodes(root, count: 2)
            let channel = try await api.post(
                "/api/channel/",
                #"{"mode":"single","channel":{"name":"c","type":1,"key":"sk-upstream-secret-123","models":"m"}}"#,
                as: root)
            #expect(channel.success)
            await keys.add([token.key, "sk-upstream-secret-123"] + codes)
        }
        let secrets = await keys.keys
        #expect(secrets.count == 4)
        var sealedSeen = 0
        for record in try LedgerReader.records(directory) {
            let payload = Data(record.payload)
            let line = EventJSON.line(record)
            for secret in secrets {
                #expect(payload.range(of: Data(secret.utf8)) == nil)
                #expect(!line.contains(secret))
            }
            if line.contains(#""sealed_key":"[sealed]""#) { sealedSeen += 1 }
        }
        #expect(sealedSeen == 4)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/secret.key")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func aGivenSecretKeyOpensKeysAfterARestart() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let keys = KeyBox()
        let secret = [UInt8](repeating: 7, count: 32)
        try await withRunningServer(dataDirectory: directory, configure: { $0.secretKey = secret }) { _, fixtures in
            _ = try await fixtures.root()
            let alice = try await fixtures.signedInUser("alice")
            await keys.add([try await fixtures.token(alice).key])
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/secret.key"))
        let key = await keys.keys[0]
        try await withRunningServer(dataDirectory: directory, configure: { $0.secretKey = secret }) { api, fixtures in
            let alice = try await fixtures.login("alice")
            let reveal = try await api.post("/api/token/1/key", "{}", as: alice)
            #expect(reveal.object["key"] as? String == key)
        }
    }
}

actor KeyBox {
    var keys: [String] = []
    func add(_ more: [String]) { keys += more }
}
