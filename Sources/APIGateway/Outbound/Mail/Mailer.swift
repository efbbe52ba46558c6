import Foundation
import NIOCore
import NIOSSL
import Projections

/// Sends the site's e-mails with the SMTP options as they are at the moment of sending:
/// `SMTPServer`, `SMTPPort`, `SMTPSSLEnabled` (or port 465: TLS from the first byte),
/// `SMTPAccount`, `SMTPFrom` (else the account) and the sealed `SMTPToken`; the sender's name is
/// `SystemName`.
struct Mailer: Sendable {
    let options: OptionQueries
    /// Opens a sealed option.
    let secret: @Sendable (String) async throws -> String
    var trustRoots: NIOSSLTrustRoots
    var timeout: TimeAmount

    /// - Parameter trustRootsFile: a PEM file TLS trusts instead of the system's roots.
    init(
        options: OptionQueries, secret: @escaping @Sendable (String) async throws -> String, trustRootsFile: String?,
        timeout: Duration
    ) {
        self.options = options
        self.secret = secret
        trustRoots = trustRootsFile.map { .file($0) } ?? .default
        let (seconds, attoseconds) = timeout.components
        self.timeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    func send(to address: String, subject: String, html: String) async throws(MailError) {
        let values: [String: String]
        let password: String
        do {
            values = try await options.values([
                "SMTPServer", "SMTPPort", "SMTPSSLEnabled", "SMTPAccount", "SMTPFrom", "SystemName",
            ])
            password = try await secret("SMTPToken")
        } catch {
            throw .notConfigured
        }
        let server = (values["SMTPServer"] ?? "").trimmingCharacters(in: .whitespaces)
        let account = values["SMTPAccount"] ?? ""
        guard !server.isEmpty else { throw .notConfigured }
        let port = Int(values["SMTPPort"] ?? "").flatMap { (1...65535).contains($0) ? $0 : nil } ?? 587
        let from = (values["SMTPFrom"] ?? "").isEmpty ? account : values["SMTPFrom"] ?? ""
        guard !from.isEmpty, !from.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" }) else {
            throw .notConfigured
        }
        let client = SMTPClient(
            configuration: .init(
                host: server, port: port, implicitTLS: values["SMTPSSLEnabled"] == "true" || port == 465,
                account: account, password: password, timeout: timeout, trustRoots: trustRoots))
        try await client.send(
            MailMessage(from: from, fromName: values["SystemName"] ?? "", to: address, subject: subject, html: html))
    }
}
