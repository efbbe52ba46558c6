@testable import APIGateway
import Foundation
import HTTPTypes
import Testing

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

    @Test func theSessionCookieIsFoundAmongOthers() async throws {
        try await withRunningServer { api, fixtures in
            let alice = try await fixtures.signedInUser("alice")
            let cookie = "theme=dark; session_hint=x; session=\(alice.cookie!); lang=en"
            let reply = try await api.request(
                .get, "/api/user/self", headers: [.cookie: cookie, HTTPField.Name("New-Api-User")!: "\(alice.userID)"])
            #expect(reply.success)
            let without = try await api.request(
                .get, "/api/user/self",
                headers: [.cookie: "theme=dark; xsession=\(alice.cookie!)", HTTPField.Name("New-Api-User")!: "\(alice.userID)"])
            #expect(without.status == .unauthorized)
        }
    }
}
