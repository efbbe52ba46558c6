import Foundation
import HTTPTypes
import TestSupport
import Testing

@testable import APIGateway

/// The e-mail routes (docs/api.md, E-mail and password reset) against an SMTP sink on 127.0.0.1:
/// codes and links are read from the delivered mail and followed.
@Suite struct EmailTests {
    /// The 6-character code of a verification mail.
    static func code(in mail: SMTPSink.Mail) throws -> String {
        let body = mail.body
        guard let start = body.range(of: "<strong>"), let end = body.range(of: "</strong>") else {
            throw TestFailure("no code in \(body)")
        }
        return String(body[start.upperBound..<end.lowerBound])
    }

    @Test func registrationNeedsTheMailedCode() async throws {
        let sink = SMTPSink()
        try await sink.run { port in
            try await withRunningServer { api, fixtures in
                let root = try await fixtures.root()
                try await fixtures.useMailSink(port: port, as: root)
                try await fixtures.setOption("EmailVerificationEnabled", "true", as: root)
                let register = #"{"username":"mia","password":"password123","email":"Mia@Example.com","#
                let without = try await api.post("/api/user/register", register + #""verification_code":""}"#)
                #expect(
                    without.message == "Email verification is enabled, please enter email address and verification code"
                )
                #expect(try await api.get("/api/verification?email=not-an-address").message == "Invalid parameters")
                let sent = try await api.get("/api/verification?email=Mia@Example.com")
                #expect(sent.success && sent.message == "", "\(sent.text)")
                let mail = try #require(sink.mails.last)
                #expect(mail.to == ["mia@example.com"] && mail.from == "noreply@example.com")
                #expect(mail.authenticatedAs == SMTPSink.account)
                #expect(mail.header("Subject")?.hasPrefix("=?UTF-8?B?") == true)
                #expect(mail.header("From")?.hasSuffix("<noreply@example.com>") == true)
                let code = try Self.code(in: mail)
                #expect(code.count == 6)
                let wrong = try await api.post("/api/user/register", register + #""verification_code":"000000x"}"#)
                #expect(wrong.message == "Verification code is incorrect or has expired")
                let right = try await api.post("/api/user/register", register + #""verification_code":"\#(code)"}"#)
                #expect(right.success, "\(right.text)")
                let mia = try await fixtures.login("mia@example.com")
                #expect(try await api.get("/api/user/self", as: mia).object["email"] as? String == "mia@example.com")
                // Spent with the account; the address is now taken.
                let again =
                    #"{"username":"mia2","password":"password123","email":"mia@example.com","verification_code":"\#(code)"}"#
                #expect(
                    try await api.post("/api/user/register", again).message
                        == "Verification code is incorrect or has expired")
                #expect(
                    try await api.get("/api/verification?email=mia@example.com").message
                        == "Email address is already in use")
            }
        }
    }

    @Test func aResetLinkSetsAServerChosenPasswordOnce() async throws {
        let sink = SMTPSink()
        try await sink.run { port in
            try await withRunningServer { api, fixtures in
                let root = try await fixtures.root()
                try await fixtures.useMailSink(port: port, as: root)
                try await fixtures.setOption("ServerAddress", "https://console.example.com/", as: root)
                let nina = try await fixtures.signedInUser("nina")
                #expect(try await api.get("/api/verification?email=nina@example.com").success)
                let code = try Self.code(in: try #require(sink.mails.last))
                let bound = try await api.get("/api/oauth/email/bind?email=nina@example.com&code=\(code)", as: nina)
                #expect(bound.success && bound.message == "", "\(bound.text)")
                #expect(try await api.get("/api/user/self", as: nina).object["email"] as? String == "nina@example.com")

                let count = sink.mails.count
                #expect(try await api.get("/api/reset_password?email=nobody@example.com").success)
                #expect(sink.mails.count == count, "no account, no mail")
                #expect(try await api.get("/api/reset_password?email=bad").message == "Invalid parameters")
                #expect(try await api.get("/api/reset_password?email=nina@example.com").success)
                let body = try #require(sink.mails.last).body
                let prefix = "https://console.example.com/user/reset?email=nina@example.com&token="
                let start = try #require(body.range(of: prefix))
                let token = String(body[start.upperBound...].prefix(32))
                #expect(token.count == 32)
                let bad = try await api.post(
                    "/api/user/reset", #"{"email":"nina@example.com","token":"\#(String(repeating: "0", count: 32))"}"#)
                #expect(bad.message == "Password reset link is invalid or has expired")
                let reset = try await api.post("/api/user/reset", #"{"email":"nina@example.com","token":"\#(token)"}"#)
                let password = try #require(reset.data as? String, "\(reset.text)")
                #expect(reset.success && password.count == 12)
                _ = try await fixtures.login("nina", password)
                let replay = try await api.post("/api/user/reset", #"{"email":"nina@example.com","token":"\#(token)"}"#)
                #expect(replay.message == "Password reset link is invalid or has expired")
            }
        }
    }

    @Test func bindingRefusesAWrongCodeAndAnAddressInUse() async throws {
        let sink = SMTPSink()
        try await sink.run { port in
            try await withRunningServer { api, fixtures in
                let root = try await fixtures.root()
                try await fixtures.useMailSink(port: port, as: root)
                let olga = try await fixtures.signedInUser("olga")
                let pete = try await fixtures.signedInUser("pete")
                #expect(try await api.get("/api/verification?email=shared@example.com").success)
                let code = try Self.code(in: try #require(sink.mails.last))
                let before = try await fixtures.checkpoint()
                let wrong = try await api.get("/api/oauth/email/bind?email=shared@example.com&code=zzzzzz", as: olga)
                #expect(wrong.message == "Verification code is incorrect or has expired")
                #expect(try await fixtures.checkpoint() == before)
                let posted = try await api.post(
                    "/api/oauth/email/bind", #"{"email":"shared@example.com","code":"\#(code)"}"#, as: olga)
                #expect(posted.success, "\(posted.text)")
                #expect(
                    try await api.get("/api/verification?email=shared@example.com").message
                        == "Email address is already in use")
                _ = pete
            }
        }
    }

    @Test func starttlsCarriesTheMailWhenTheServerOffersIt() async throws {
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let tls = try SMTPSink.localhostTLS(in: directory)
        let sink = SMTPSink(tls: tls.context)
        try await sink.run { port in
            try await withRunningServer(configure: { $0.mailTrustRootsFile = tls.certificateFile }) { api, fixtures in
                let root = try await fixtures.root()
                try await fixtures.useMailSink(port: port, as: root, host: "localhost")
                let sent = try await api.get("/api/verification?email=tls@example.com")
                #expect(sent.success, "\(sent.text)")
                let mail = try #require(sink.mails.last)
                #expect(mail.overTLS && mail.authenticatedAs == SMTPSink.account)
            }
        }
    }

    @Test func failuresOfTheMailServerAreClearErrorsAndRegisterNoCode() async throws {
        try await withRunningServer(configure: { $0.mailTimeout = .seconds(3) }) { api, fixtures in
            let root = try await fixtures.root()
            let unset = try await api.get("/api/verification?email=x@example.com")
            #expect(!unset.success && unset.message == "SMTP 服务器未配置")
            // Refused: a port nobody listens on (the sink's, after it stopped).
            try await fixtures.useMailSink(port: try await unusedPort(), as: root)
            let refused = try await api.get("/api/verification?email=x@example.com")
            #expect(!refused.success && refused.message.hasPrefix("cannot connect to SMTP server"), "\(refused.text)")
            try await SMTPSink(silent: true).run { port in
                try await fixtures.setOption("SMTPPort", String(port), as: root)
                let silent = try await api.get("/api/verification?email=x@example.com")
                #expect(silent.message == "SMTP server did not answer in time", "\(silent.text)")
            }
            try await SMTPSink().run { port in
                try await fixtures.setOption("SMTPPort", String(port), as: root)
                try await fixtures.setOption("SMTPToken", "the-wrong-secret", as: root)
                let denied = try await api.get("/api/verification?email=x@example.com")
                #expect(denied.message.hasPrefix("SMTP server refused AUTH PLAIN: 535"), "\(denied.text)")
                #expect(!denied.text.contains("the-wrong-secret"))
            }
            try await fixtures.setOption("EmailVerificationEnabled", "true", as: root)
            let register =
                #"{"username":"quin","password":"password123","email":"x@example.com","verification_code":"abcdef"}"#
            #expect(
                try await api.post("/api/user/register", register).message
                    == "Verification code is incorrect or has expired")
            let options = try await api.get("/api/option/", as: root)
            let keys = (options.data as? [[String: Any]])?.compactMap { $0["key"] as? String } ?? []
            #expect(keys.contains("SMTPServer") && !keys.contains("SMTPToken"))
        }
    }

    @Test func theVerificationLimiterAnswersJSON429() async throws {
        let sink = SMTPSink()
        try await sink.run { port in
            try await withRunningServer(configure: { $0.rateLimits.emailVerification.enabled = true }) {
                api, fixtures in
                let root = try await fixtures.root()
                try await fixtures.useMailSink(port: port, as: root)
                #expect(try await api.get("/api/verification?email=r1@example.com").success)
                #expect(try await api.get("/api/verification?email=r2@example.com").success)
                let third = try await api.get("/api/verification?email=r3@example.com")
                #expect(third.status == .tooManyRequests && third.message == "发送过于频繁，请稍后再试")
            }
        }
    }

    @Test func messagesAreDotStuffedWithEncodedHeaders() {
        let message = MailMessage(
            from: "a@example.com", fromName: "站点", to: "b@example.com",
            subject: String(repeating: "验证邮件", count: 10), html: "line\n.hidden\r\n..two")
        let data = message.data(date: Date(timeIntervalSince1970: 0), messageID: "1@example.com", eightBit: true)
        #expect(data.contains("\r\n..hidden\r\n...two\r\n.\r\n"))
        #expect(data.hasSuffix("\r\n.\r\n") && !data.contains("\n.hidden"))
        let subject = data.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") } ?? ""
        #expect(subject.hasPrefix("Subject: =?UTF-8?B?"))
        let words = data.components(separatedBy: "\r\n").filter { $0.hasPrefix("Subject: ") || $0.hasPrefix(" =?") }
        #expect(words.count > 1 && words.allSatisfy { $0.split(separator: " ").last!.count <= 75 })
        #expect(data.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        #expect(data.contains("From: =?UTF-8?B?56uZ54K5?= <a@example.com>"))
    }
}
