import Engine
import EventStore
import Testing

/// Secrets written before crypto moved to the one libcrypto wrapper still open: the fixtures
/// were made by the code it replaced — swift-crypto's `AES.GCM` (nonce ‖ ciphertext ‖ tag, as
/// `combined`) and `SHA256`, and the gateway's first libcrypto sealer.
@Suite struct SecretsCompatibilityTests {
    static let key = (0..<32).map { UInt8($0 &* 7 &+ 3) }
    let sealer = SecretSealer(key: Self.key)

    @Test func aValueSealedBySwiftCryptoOpens() throws {
        let sealed = try #require(
            Hex.decode(
                "a0a1a2a3a4a5a6a7a8a9aaab08ef5e6f8405dba066e3073b4f66c1839feda943a1d5d189f3aa18a552795eb803d34e2257e5a1"
            ))
        #expect(try sealer.open(sealed) == "sk-fixture-key-ÄÖ-123")
        let empty = try #require(Hex.decode("a0a1a2a3a4a5a6a7a8a9aaabb30c41013766fcc6cece1607986b4d90"))
        #expect(try sealer.open(empty) == "")
    }

    @Test func aValueSealedByTheFirstLibcryptoSealerOpens() throws {
        let sealed = try #require(
            Hex.decode(
                "d5e714b82b94f84aff1bfbbc401b092cc219efc7b1c3b816927cbed9c3b23fc86f8ce84ae322ae08dc057eae44fe72e0"
                    + "bc559d77558288ed6797fc932d973816e2b8"))
        #expect(try sealer.open(sealed) == "a channel key sealed by the old sealer")
    }

    @Test func aTamperedOrForeignValueDoesNotOpen() throws {
        var sealed = try sealer.seal("secret")
        #expect(sealed.count == 12 + 6 + 16)
        #expect(try sealer.open(sealed) == "secret")
        sealed[14] ^= 1
        #expect(throws: (any Error).self) { try sealer.open(sealed) }
        #expect(SecretSealer(key: [UInt8](repeating: 9, count: 32)).openOrEmpty(.init(try sealer.seal("x"))) == "")
    }

    @Test func keysGivenAsTextAndFingerprintsAreUnchanged() {
        #expect(
            Hex.encode(KeyFile.sealingKey(fromText: "correct horse battery staple"))
                == "c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a")
        #expect(
            Hex.encode(KeyFile.sealingKey(fromText: String(repeating: "0123456789ABCDEF", count: 4)))
                == String(repeating: "0123456789abcdef", count: 4))
        #expect(
            RandomCodes.fingerprint("sk-abcdefghijklmnop")
                == "32f4cf588c77f0941514cadc1cb18fa0e186716c93e067c22d9ef4e27718f506")
        #expect(RandomCodes.fingerprint("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func randomCodesHaveTheirShapes() {
        let alphabet = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        let token = RandomCodes.accessToken()
        #expect(token.count == 32 && token.allSatisfy(alphabet.contains))
        let redemption = RandomCodes.redemptionKey()
        #expect(redemption.count == 32 && redemption.allSatisfy(Set("0123456789abcdef").contains))
        #expect(RandomCodes.affCodeCandidates().allSatisfy { $0.count == 4 })
        #expect(RandomCodes.secret() != RandomCodes.secret())
    }
}
