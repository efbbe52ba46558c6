import Foundation
import Hummingbird
import NIOCore
import Projections

/// The contract's reply shape `{success, message, data}` (docs/api.md, The envelope).
/// Business errors are HTTP 200 with `success:false` and no `data`.
enum Envelope {
    /// `{"success":true,"message":"<message>","data":<data>}`.
    static func success<T: Encodable>(_ data: T, message: String = "") -> Response {
        encode(Body(success: true, message: message, data: .value(data)))
    }

    /// The bytes of `success(data)`, for answers cached across requests.
    static func successBytes<T: Encodable>(_ data: T) -> ByteBuffer {
        ByteBuffer(
            bytes: (try? encoder.encode(Body(success: true, message: "", data: .value(data)))) ?? Data("{}".utf8))
    }

    /// `{"success":true,"message":"<message>"}` (no `data`).
    static func success(message: String = "") -> Response {
        encode(Body<Int>(success: true, message: message, data: .absent))
    }

    /// `{"success":true,"message":"<message>","data":null}`.
    static func successNullData(message: String = "") -> Response {
        encode(Body<Int>(success: true, message: message, data: .null))
    }

    /// `{"success":true,"data":<data>}` with no `message` (setup, models).
    static func successWithoutMessage<T: Encodable>(_ data: T) -> Response {
        encode(Body(success: true, message: nil, data: .value(data)))
    }

    static func failure(_ message: String, status: HTTPResponse.Status = .ok) -> Response {
        encode(Body<Int>(success: false, message: message, data: .absent), status: status)
    }

    /// Any JSON object, for the few replies outside the envelope's shape.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func encode<T: Encodable>(_ body: Body<T>, status: HTTPResponse.Status = .ok) -> Response {
        json(body, status: status)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    enum DataField<T: Encodable> {
        case absent
        case null
        case value(T)
    }

    struct Body<T: Encodable>: Encodable {
        var success: Bool
        var message: String?
        var data: DataField<T>

        enum CodingKeys: String, CodingKey { case success, message, data }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(success, forKey: .success)
            if let message { try container.encode(message, forKey: .message) }
            switch data {
            case .absent: break
            case .null: try container.encodeNil(forKey: .data)
            case .value(let value): try container.encode(value, forKey: .data)
            }
        }
    }
}

/// A page of a list: `{page, page_size, total, items}`; `items` is `[]`, never null.
struct Page<Item: Encodable>: Encodable {
    var page: Int
    var pageSize: Int
    var total: Int
    var items: [Item]

    enum CodingKeys: String, CodingKey {
        case page, total, items
        case pageSize = "page_size"
    }
}

/// `p` (1-based; missing, 0, negative or non-numeric → 1) and `page_size` (else `ps`, `size`,
/// default 10, at most 100), as `common/page_info.go` reads them.
struct PageQuery {
    var page: Int
    var pageSize: Int
    var offset: Int { (page - 1) * pageSize }

    init(_ request: Request) {
        let query = request.uri.queryParameters
        let p = query["p"].flatMap { Int(String($0)) } ?? 1
        page = p < 1 ? 1 : min(p, 10_000_000)
        var size = 0
        for key in ["page_size", "ps", "size"] {
            if let value = query[Substring(key)].flatMap({ Int(String($0)) }), value > 0 {
                size = value
                break
            }
        }
        pageSize = size <= 0 ? 10 : min(size, 100)
    }
}
