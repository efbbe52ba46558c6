import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers one message to an SMTP server over swift-nio: implicit TLS (port 465 or
/// `SMTPSSLEnabled`), or plain TCP upgraded with STARTTLS whenever the server offers it; then
/// AUTH PLAIN or LOGIN when an account is configured, MAIL, RCPT, DATA and QUIT. Credentials go
/// only over TLS, or to a loopback server (as Go's `net/smtp` allows). The whole conversation has
/// one deadline; every failure is a `MailError` whose text never holds the password.
struct SMTPClient: Sendable {
    struct Configuration: Sendable {
        var host: String
        var port: Int
        var implicitTLS: Bool
        /// Empty: no AUTH.
        var account: String = ""
        var password: String = ""
        var timeout: TimeAmount = .seconds(30)
        /// Whom TLS trusts: the system's roots, or (tests) a given certificate.
        var trustRoots: NIOSSLTrustRoots = .default
    }

    let configuration: Configuration

    func send(_ message: MailMessage) async throws(MailError) {
        do {
            try await withDeadline { try await converse(message) }
        } catch let error as MailError {
            throw error
        } catch let error as NIOSSLError {
            throw .tls(String(describing: error))
        } catch let error as NIOConnectionError {
            _ = error
            throw .unreachable(host: configuration.host, port: configuration.port)
        } catch let error as ChannelError {
            if case .connectTimeout = error { throw .timedOut }
            throw .unreachable(host: configuration.host, port: configuration.port)
        } catch {
            throw .unreachable(host: configuration.host, port: configuration.port)
        }
    }

    /// Runs `body`, or throws `.timedOut` once the configured timeout passes.
    private func withDeadline(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let timeout = configuration.timeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(0, timeout.nanoseconds)))
                throw MailError.timedOut
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func converse(_ message: MailMessage) async throws {
        let configuration = configuration
        let tls = try makeTLSContext()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(configuration.timeout)
            .connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if configuration.implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(try Self.tlsHandler(tls, configuration.host))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await withTaskCancellationHandler {
            try await channel.executeThenClose { inbound, outbound in
                var session = SMTPSession(lines: inbound.makeAsyncIterator(), outbound: outbound)
                try await session.expect(220, after: nil)
                var capabilities = try await session.command("EHLO oneledger", expect: 250)
                var secure = configuration.implicitTLS
                if !secure, capabilities.contains(where: { $0.uppercased() == "STARTTLS" }) {
                    _ = try await session.command("STARTTLS", expect: 220)
                    try await channel.channel.pipeline.addHandler(
                        try Self.tlsHandler(tls, configuration.host), position: .first)
                    secure = true
                    capabilities = try await session.command("EHLO oneledger", expect: 250)
                }
                if !configuration.account.isEmpty {
                    guard secure || Self.isLoopback(configuration.host) else { throw MailError.needsTLS }
                    try await authenticate(&session, capabilities: capabilities)
                }
                _ = try await session.command("MAIL FROM:<\(message.from)>", expect: 250)
                _ = try await session.command("RCPT TO:<\(message.to)>", expect: 250...251)
                _ = try await session.command("DATA", expect: 354)
                let eightBit = capabilities.contains { $0.uppercased() == "8BITMIME" }
                let data = message.data(
                    date: Date(), messageID: Self.messageID(from: message.from), eightBit: eightBit)
                try await outbound.write(ByteBuffer(string: data))
                try await session.expect(250, after: "DATA")
                // The message is accepted; a server that drops the line at QUIT changes nothing.
                _ = try? await session.command("QUIT", expect: 221)
            }
        } onCancel: {
            channel.channel.close(promise: nil)
        }
    }

    private func authenticate(_ session: inout SMTPSession, capabilities: [String]) async throws {
        let mechanisms = Set(
            capabilities.filter { $0.uppercased().hasPrefix("AUTH") }.flatMap {
                $0.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).dropFirst().map(String.init)
            })
        let account = configuration.account
        let password = configuration.password
        if mechanisms.contains("PLAIN") {
            let token = Data(("\0" + account + "\0" + password).utf8).base64EncodedString()
            _ = try await session.command("AUTH PLAIN " + token, expect: 235, shown: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            _ = try await session.command("AUTH LOGIN", expect: 334)
            _ = try await session.command(Data(account.utf8).base64EncodedString(), expect: 334, shown: "AUTH LOGIN")
            _ = try await session.command(Data(password.utf8).base64EncodedString(), expect: 235, shown: "AUTH LOGIN")
        } else {
            throw MailError.noAuthMechanism
        }
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = configuration.trustRoots
        return try NIOSSLContext(configuration: tls)
    }

    private static func tlsHandler(_ context: NIOSSLContext, _ host: String) throws -> NIOSSLClientHandler {
        // SNI names hosts, not addresses.
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
    }

    static func isLoopback(_ host: String) -> Bool {
        ["localhost", "127.0.0.1", "::1"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    static func messageID(from address: String) -> String {
        let domain = address.split(separator: "@").last.map(String.init) ?? "oneledger"
        return "\(Int(Date().timeIntervalSince1970)).\(UUID().uuidString.lowercased())@\(domain)"
    }
}

/// The client's side of one SMTP conversation: sends a command, reads the (possibly multi-line)
/// reply, and checks its code.
private struct SMTPSession {
    var lines: NIOAsyncChannelInboundStream<String>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// Sends `line` and returns the reply's text lines; `shown` replaces the command in errors
    /// (AUTH lines carry credentials).
    mutating func command(_ line: String, expect codes: ClosedRange<Int>, shown: String? = nil) async throws
        -> [String]
    {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        return try await expect(codes, after: shown ?? String(line.prefix(64)))
    }

    mutating func command(_ line: String, expect code: Int, shown: String? = nil) async throws -> [String] {
        try await command(line, expect: code...code, shown: shown)
    }

    @discardableResult
    mutating func expect(_ code: Int, after command: String?) async throws -> [String] {
        try await expect(code...code, after: command)
    }

    mutating func expect(_ codes: ClosedRange<Int>, after command: String?) async throws -> [String] {
        var texts: [String] = []
        while true {
            guard let line = try await lines.next() else { throw MailError.closed }
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else {
                throw MailError.protocolError(String(line.prefix(120)))
            }
            texts.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") { continue }
            guard codes.contains(code) else {
                throw MailError.refused(
                    command: command ?? "greeting", code: code, text: String(texts.joined(separator: " ").prefix(200)))
            }
            return texts
        }
    }
}

/// Splits the server's bytes into lines without their CRLF.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String
    static let maxLine = 4096

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLine { throw MailError.protocolError("line too long") }
            return .needMoreData
        }
        // Bytes, not characters: "\r\n" is one Character in Swift.
        var bytes = buffer.readBytes(length: newline - buffer.readerIndex + 1) ?? []
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        context.fireChannelRead(wrapInboundOut(String(decoding: bytes, as: UTF8.self)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Why a message was not delivered; `message` is what the envelope says.
enum MailError: Error, Equatable, Sendable {
    case notConfigured
    case timedOut
    case unreachable(host: String, port: Int)
    case tls(String)
    case needsTLS
    case noAuthMechanism
    case closed
    case protocolError(String)
    case refused(command: String, code: Int, text: String)

    var message: String {
        switch self {
        case .notConfigured: "SMTP 服务器未配置"
        case .timedOut: "SMTP server did not answer in time"
        case .unreachable(let host, let port): "cannot connect to SMTP server \(host):\(port)"
        case .tls(let reason): "SMTP TLS failed: \(reason)"
        case .needsTLS: "SMTP server offers no TLS; refusing to send the password in clear"
        case .noAuthMechanism: "SMTP server supports neither AUTH PLAIN nor AUTH LOGIN"
        case .closed: "SMTP server closed the connection"
        case .protocolError(let line): "SMTP server sent an invalid reply: \(line)"
        case .refused(let command, let code, let text): "SMTP server refused \(command): \(code) \(text)"
        }
    }

    /// The envelope text of any error a send threw.
    static func text(of error: any Error) -> String {
        (error as? MailError)?.message ?? "SMTP error"
    }
}
