import Foundation

extension Fixtures {
    /// Sets one option as root, failing the test when refused.
    func setOption(_ key: String, _ value: String, as root: Identity) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["key": key, "value": value])
        let reply = try await api.put("/api/option/", String(decoding: body, as: UTF8.self), as: root)
        guard reply.success else { throw TestFailure("option \(key): \(reply.text)") }
    }

    /// Points the SMTP options at a sink on 127.0.0.1 (`host` may name it otherwise).
    func useMailSink(port: Int, as root: Identity, host: String = "127.0.0.1") async throws {
        for (key, value) in [
            ("SMTPServer", host), ("SMTPPort", String(port)), ("SMTPAccount", SMTPSink.account),
            ("SMTPToken", SMTPSink.password), ("SMTPFrom", "noreply@example.com"), ("SystemName", "OneLedger 测试"),
        ] {
            try await setOption(key, value, as: root)
        }
    }
}
