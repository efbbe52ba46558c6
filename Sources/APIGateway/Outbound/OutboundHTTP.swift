import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The one way the gateway calls other systems over HTTP: one process-wide AsyncHTTPClient that
/// never follows redirects, a deadline on every call, a cap on the answer's size, and every
/// failure turned into an `OutboundError` with a message fit for the envelope.
struct OutboundHTTP: Sendable {
    /// How long one call may take, connection included.
    var timeout: TimeAmount = .seconds(10)
    /// The largest answer read; a longer one is refused, not truncated.
    var maxBodyBytes = 4 << 20
    /// Checks the host's addresses before each call (`OutboundAddressGuard`); nil for none.
    var addressGuard: OutboundAddressGuard?

    /// An answer read whole.
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        /// The body decoded as JSON, or `OutboundError.badJSON`.
        func decode<Value: Decodable>(_ type: Value.Type = Value.self, host: String) throws(OutboundError) -> Value {
            do { return try JSONDecoder().decode(Value.self, from: Data(body)) } catch { throw .badJSON(host: host) }
        }
    }

    /// Sends one request and reads the whole answer; any status is returned, transport failures throw.
    func send(
        _ method: HTTPMethod, _ address: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
        timeout: TimeAmount? = nil
    ) async throws(OutboundError) -> Response {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(),
            ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { throw .badAddress(address) }
        try await addressGuard?.check(host: host)
        var request = HTTPClientRequest(url: address)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let deadline = timeout ?? self.timeout
        do {
            let response = try await sharedOutboundClient.execute(request, timeout: deadline)
            let bytes = try await response.body.collect(upTo: maxBodyBytes)
            return Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer: bytes))
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw .tooLarge(host: host)
        } catch let error as HTTPClientError
            where [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error)
        {
            throw .timedOut(host: host)
        } catch {
            throw .unreachable(host: host, reason: String(describing: error))
        }
    }

    /// GETs `address` and decodes a 200 answer's JSON.
    func getJSON<Value: Decodable>(
        _ address: String, headers: [(String, String)] = [], as type: Value.Type = Value.self
    ) async throws(OutboundError) -> Value {
        try await json(.GET, address, headers: headers)
    }

    /// Sends one request and decodes a 2xx answer's JSON; any other status is `.status`.
    func json<Value: Decodable>(
        _ method: HTTPMethod, _ address: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
        as type: Value.Type = Value.self
    ) async throws(OutboundError) -> Value {
        let response = try await send(method, address, headers: headers, body: body)
        let host = URL(string: address)?.host ?? address
        guard (200..<300).contains(response.status) else { throw .status(host: host, code: response.status) }
        return try response.decode(Value.self, host: host)
    }

    /// An `application/x-www-form-urlencoded` body of `fields`, in order.
    static func form(_ fields: [(String, String)]) -> [UInt8] {
        Array(fields.map { "\($0)=\(percentEncoded($1))" }.joined(separator: "&").utf8)
    }

    /// `value` with everything but RFC 3986's unreserved ASCII characters percent-encoded.
    static func percentEncoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

/// Why a call to another system failed; `message` is what the envelope says.
enum OutboundError: Error, Equatable, Sendable {
    case badAddress(String)
    case timedOut(host: String)
    case unreachable(host: String, reason: String)
    case tooLarge(host: String)
    case status(host: String, code: Int)
    case badJSON(host: String)
    case privateAddress(host: String, address: String)

    var message: String {
        switch self {
        case .badAddress(let address): "invalid address: \(address)"
        case .timedOut(let host): "request to \(host) timed out"
        case .unreachable(let host, let reason): "request to \(host) failed: \(reason)"
        case .tooLarge(let host): "answer from \(host) is too large"
        case .status(let host, let code): "\(host) answered HTTP \(code)"
        case .badJSON(let host): "\(host) answered with invalid JSON"
        case .privateAddress(let host, let address):
            "refused to connect to \(host): \(address) is a private, loopback or link-local address "
                + "(the option fetch_setting.allow_private_ip allows it)"
        }
    }
}

/// One client for the whole process: connections are pooled across calls, and as a global it is
/// never deinitialized, so it needs no shutdown.
private let sharedOutboundClient = HTTPClient(
    eventLoopGroup: HTTPClient.defaultEventLoopGroup,
    configuration: HTTPClient.Configuration(
        redirectConfiguration: .disallow,
        timeout: .init(connect: .seconds(5), read: .seconds(30)),
        decompression: .disabled
    )
)
