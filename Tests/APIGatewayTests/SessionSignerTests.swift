import Foundation
import HTTPTypes
import Testing

@testable import APIGateway

/// The session cookie's signature check and the table of already verified values behind it.
@Suite struct SessionSignerTests {
    let signer = SessionSigner(secret: Array("a secret of thirty-two bytes!!!!".utf8))
    let now: Int64 = 1_800_000_000

    @Test func aRememberedCookieStillExpires() {
        let value = signer.value(userID: 7, issuedAt: now)
        #expect(signer.userID(from: Substring(value), now: now) == 7)
        #expect(signer.verified.claim(of: Substring(value)) != nil)
        // The second look is answered from the table, with the same expiry rule.
        #expect(signer.userID(from: Substring(value), now: now + 10) == 7)
        #expect(signer.userID(from: Substring(value), now: now + Int64(SessionSigner.lifetime)) == nil)
        #expect(signer.userID(from: Substring(value), now: now - 61) == nil)
    }

    @Test func onlyValidSignaturesAreRemembered() {
        let value = signer.value(userID: 7, issuedAt: now)
        let tampered = "8" + value.dropFirst()
        #expect(signer.userID(from: Substring(tampered), now: now) == nil)
        #expect(signer.verified.claim(of: Substring(tampered)) == nil)
        let otherKey = SessionSigner(secret: Array("another secret, also 32 bytes!!!".utf8))
        #expect(otherKey.userID(from: Substring(value), now: now) == nil)
        #expect(signer.userID(from: Substring(value), now: now) == 7)
        #expect(otherKey.userID(from: Substring(value), now: now) == nil)
    }

    /// Cookies signed by the swift-crypto HMAC this signer replaced still verify.
    @Test func cookiesSignedBeforeTheLibcryptoMoveStillVerify() {
        #expect(
            signer.value(userID: 7, issuedAt: now)
                == "7.1800000000.2cef1a0df201fb12baedfd94faf11c35755dcd25f5d9f010097577f5e63dd844")
        let long = SessionSigner(secret: Array(String(repeating: "long session secret text ", count: 5).utf8))
        let value = "42.1700000123.47baeb26cb548eb167682ad107fa465f2f8d16b368639c9f79a12d600ad34597"
        #expect(long.userID(from: Substring(value), now: 1_700_000_200) == 42)
        #expect(long.userID(from: Substring(value.dropLast() + "8"), now: 1_700_000_200) == nil)
    }

    @Test func theSessionCookieIsFoundAmongOthers() async throws {
        try await withRunningServer { api, fixtures in
            let alice = try await fixtures.signedInUser("alice")
            let cookie = "theme=dark; session_hint=x; session=\(alice.cookie!); lang=en"
            let reply = try await api.request(
                .get, "/api/user/self", headers: [.cookie: cookie, HTTPField.Name("New-Api-User")!: "\(alice.userID)"])
            #expect(reply.success)
            let without = try await api.request(
                .get, "/api/user/self",
                headers: [
                    .cookie: "theme=dark; xsession=\(alice.cookie!)",
                    HTTPField.Name("New-Api-User")!: "\(alice.userID)",
                ])
            #expect(without.status == .unauthorized)
        }
    }
}
