import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

@testable import APIGateway

/// A small SMTP server on 127.0.0.1 (port 0) that accepts mail and keeps it for the test to read:
/// EHLO with 8BITMIME, AUTH PLAIN and LOGIN, optionally STARTTLS (with `tls`), MAIL, RCPT, DATA
/// (dot-stuffing undone), RSET, NOOP, QUIT. `silent` never greets, for timeouts.
final class SMTPSink: Sendable {
    struct Mail: Sendable {
        var from: String
        var to: [String]
        /// The DATA payload as received, dot-stuffing undone, CRLF line ends.
        var data: String
        var authenticatedAs: String?
        var overTLS: Bool

        /// The body after the blank line, decoded from base64 when so sent.
        var body: String {
            guard let split = data.range(of: "\r\n\r\n") else { return "" }
            let headers = data[..<split.lowerBound]
            let body = String(data[split.upperBound...])
            if headers.contains("Content-Transfer-Encoding: base64") {
                let joined = body.replacingOccurrences(of: "\r\n", with: "")
                return Data(base64Encoded: joined).map { String(decoding: $0, as: UTF8.self) } ?? ""
            }
            return body
        }

        func header(_ name: String) -> String? {
            let head = data.components(separatedBy: "\r\n\r\n").first ?? ""
            var value: String?
            for line in head.components(separatedBy: "\r\n") {
                if line.hasPrefix(" "), value != nil {
                    value! += line
                } else if value != nil {
                    break
                } else if line.lowercased().hasPrefix(name.lowercased() + ":") {
                    value = String(line.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
                }
            }
            return value
        }
    }

    static let account = "mailer@example.com"
    static let password = "smtp-secret"
    let account = SMTPSink.account
    let password = SMTPSink.password
    let tls: NIOSSLContext?
    let silent: Bool
    private let received = Mutex<[Mail]>([])

    init(tls: NIOSSLContext? = nil, silent: Bool = false) {
        self.tls = tls
        self.silent = silent
    }

    var mails: [Mail] { received.withLock { $0 } }

    /// Runs the sink while `body` runs, with its port.
    func run(_ body: (Int) async throws -> Void) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { sessions in
                        for try await connection in connections {
                            sessions.addTask { try? await self.serve(connection) }
                        }
                    }
                }
            }
            do {
                try await body(port)
            } catch {
                group.cancelAll()
                try? await server.channel.close()
                throw error
            }
            group.cancelAll()
            try? await server.channel.close()
        }
    }

    private func serve(_ connection: NIOAsyncChannel<String, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            if silent {
                for try await _ in inbound {}
                return
            }
            func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            try await say("220 sink ESMTP")
            var lines = inbound.makeAsyncIterator()
            var from = ""
            var to: [String] = []
            var user: String?
            var overTLS = false
            while let line = try await lines.next() {
                let upper = line.uppercased()
                if upper.hasPrefix("EHLO") || upper.hasPrefix("HELO") {
                    var capabilities = ["250-sink", "250-8BITMIME", "250-AUTH PLAIN LOGIN"]
                    if tls != nil && !overTLS { capabilities.append("250-STARTTLS") }
                    capabilities.append("250 SIZE 10485760")
                    for capability in capabilities { try await say(capability) }
                } else if upper == "STARTTLS", let tls {
                    try await say("220 go ahead")
                    try await connection.channel.pipeline.addHandler(
                        NIOSSLServerHandler(context: tls), position: .first)
                    overTLS = true
                } else if upper.hasPrefix("AUTH PLAIN ") {
                    let decoded = Data(base64Encoded: String(line.dropFirst(11))).map { [UInt8]($0) } ?? []
                    let parts = decoded.split(separator: 0, omittingEmptySubsequences: false).map {
                        String(decoding: $0, as: UTF8.self)
                    }
                    if parts.count == 3, parts[1] == account, parts[2] == password {
                        user = parts[1]
                        try await say("235 ok")
                    } else {
                        try await say("535 authentication failed")
                    }
                } else if upper == "AUTH LOGIN" {
                    try await say("334 VXNlcm5hbWU6")
                    let name = try await lines.next().flatMap { Data(base64Encoded: $0) }
                    try await say("334 UGFzc3dvcmQ6")
                    let secret = try await lines.next().flatMap { Data(base64Encoded: $0) }
                    if name.map({ String(decoding: $0, as: UTF8.self) }) == account,
                        secret.map({ String(decoding: $0, as: UTF8.self) }) == password
                    {
                        user = account
                        try await say("235 ok")
                    } else {
                        try await say("535 authentication failed")
                    }
                } else if upper.hasPrefix("MAIL FROM:") {
                    from = Self.address(line)
                    try await say("250 ok")
                } else if upper.hasPrefix("RCPT TO:") {
                    to.append(Self.address(line))
                    try await say("250 ok")
                } else if upper == "DATA" {
                    try await say("354 end with .")
                    var data: [String] = []
                    while let line = try await lines.next(), line != "." {
                        data.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
                    }
                    let mail = Mail(
                        from: from, to: to, data: data.joined(separator: "\r\n"), authenticatedAs: user,
                        overTLS: overTLS)
                    received.withLock { $0.append(mail) }
                    try await say("250 queued")
                } else if upper == "QUIT" {
                    try await say("221 bye")
                    return
                } else if upper == "RSET" || upper == "NOOP" {
                    try await say("250 ok")
                } else {
                    try await say("502 unknown command")
                }
            }
        }
    }

    private static func address(_ line: String) -> String {
        guard let open = line.firstIndex(of: "<"), let close = line.lastIndex(of: ">"), open < close else { return "" }
        return String(line[line.index(after: open)..<close])
    }

    /// A self-signed certificate for `localhost`, made with the openssl command; its PEM path
    /// (for the client to trust) and a server context.
    static func localhostTLS(in directory: String) throws -> (certificateFile: String, context: NIOSSLContext) {
        let certificate = directory + "/sink-cert.pem"
        let key = directory + "/sink-key.pem"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days",
            "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("openssl could not make a certificate") }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        return (certificate, try NIOSSLContext(configuration: configuration))
    }
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released), for refused connections.
func unusedPort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return port
}
