import Foundation
import Hummingbird
import Ledger
import NIOCore

/// The one rule for U+0000 in what a client sends: it is refused, never stored (docs/api.md,
/// Requests). SQLite gets and gives text through GRDB as NUL-terminated C strings, so a stored
/// U+0000 would cut the text short; PostgreSQL's text type (the scale-out path) cannot hold it
/// at all; bcrypt hashes a password only up to it. So the gateway checks every JSON body (its
/// strings and field names: `Request.decodeJSON` and the ingest routes' readers call
/// `checkJSON`), every query parameter and the path (`ClientTextCheck`, on the whole router),
/// before any route reads them, and refuses naming where the U+0000 was.
enum ClientText {
    /// `<place> contains U+0000, which is refused` (HTTP 200, `success:false`).
    static func refusal(_ place: String) -> APIError { .refused("\(place) contains U+0000, which is refused") }

    /// Throws the refusal when a string or field name of the JSON in `buffer` holds U+0000.
    static func checkJSON(_ buffer: ByteBuffer) throws {
        let found = buffer.withUnsafeReadableBytes { containsNul(json: $0) }
        if found { throw refusal(place(inJSON: buffer)) }
    }

    /// Whether JSON text holds U+0000: escaped as `\u0000` (a backslash escape is read as a pair,
    /// so `\\u0000` is the six characters `\u0000`, not U+0000), or as a raw NUL byte. Two
    /// `memchr` scans, so a body without backslashes costs next to nothing.
    static func containsNul(json bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        if memchr(base, 0, bytes.count) != nil { return true }
        let zero = UInt8(ascii: "0")
        var offset = 0
        while offset < bytes.count, let hit = memchr(base + offset, 0x5C, bytes.count - offset) {
            let i = UnsafeRawPointer(hit) - base
            if i + 5 < bytes.count, bytes[i + 1] == UInt8(ascii: "u"), bytes[i + 2] == zero, bytes[i + 3] == zero,
                bytes[i + 4] == zero, bytes[i + 5] == zero
            {
                return true
            }
            offset = i + 2
        }
        return false
    }

    /// Where the first U+0000 of the JSON is, for the refusal: `name`, `channel.name`, `ids[2]`,
    /// `record 3: content` (an element of a top-level array, as batches number their records),
    /// `a field name in other`; `the body` when it does not parse.
    static func place(inJSON buffer: ByteBuffer) -> String {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)),
            var steps = path(to: value)?[...]
        else { return "the body" }
        var record: String?
        if case .index(let i)? = steps.first {
            record = "record \(i)"
            steps = steps.dropFirst()
        }
        let rest = render(steps)
        switch (record, rest.isEmpty) {
        case (nil, true): return "the body"
        case (nil, false): return rest
        case (let record?, true): return record
        case (let record?, false): return "\(record): \(rest)"
        }
    }

    private enum Step {
        case key(String)
        case index(Int)
        /// The field name itself holds U+0000.
        case fieldName
    }

    /// The steps to the first string or field name holding U+0000 (object keys in sorted order).
    private static func path(to value: JSONValue) -> [Step]? {
        switch value {
        case .string(let text): return text.utf8.contains(0) ? [] : nil
        case .array(let values):
            for (i, element) in values.enumerated() {
                if let rest = path(to: element) { return [.index(i)] + rest }
            }
        case .object(let pairs):
            for (key, element) in pairs {
                if key.utf8.contains(0) { return [.fieldName] }
                if let rest = path(to: element) { return [.key(key)] + rest }
            }
        default: break
        }
        return nil
    }

    private static func render(_ steps: ArraySlice<Step>) -> String {
        var text = ""
        for step in steps {
            switch step {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let i): text += "[\(i)]"
            case .fieldName: return text.isEmpty ? "a field name" : "a field name in \(text)"
            }
        }
        return text
    }

    /// Where a U+0000 sits in the request's path or query (`%00`), or nil.
    static func place(in request: Request) -> String? {
        let uri = request.uri
        guard uri.string.contains("%00") else { return nil }
        if uri.path.contains("%00") || uri.path.utf8.contains(0) { return "the path" }
        for (name, value) in uri.queryParameters {
            // Hummingbird decodes values, not names.
            if name.contains("%00") || name.utf8.contains(0) { return "a query parameter name" }
            if value.utf8.contains(0) { return "the query parameter \(name)" }
        }
        return nil
    }
}

/// Refuses a request whose path or query carries U+0000 before any route reads it (`ClientText`).
struct ClientTextCheck: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if let place = ClientText.place(in: request) { throw ClientText.refusal(place) }
        return try await next(request, context)
    }
}
