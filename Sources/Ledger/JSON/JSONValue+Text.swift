import Foundation

extension JSONValue {
    /// Parses JSON text (a bare number, string or null included); nil when it is not JSON.
    public init?(parsing text: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
        self = value
    }

    /// Compact JSON text with sorted keys; `/` is escaped only when asked (as `JSONSerialization`
    /// does by default), so texts written before keep their bytes.
    public func jsonText(escapingSlashes: Bool = false) -> String {
        let encoder = escapingSlashes ? Self.slashEscapingEncoder : Self.encoder
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "null"
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let slashEscapingEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// An object of `members` (encoded with sorted keys whatever their order here).
    public init(_ members: [String: JSONValue]) {
        self = .object(members.sorted { $0.key < $1.key })
    }

    /// An object's members, nil for any other value.
    public var members: [String: JSONValue]? {
        guard case .object(let pairs) = self else { return nil }
        return Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }

    /// The member `key` of an object, nil when absent or not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { $0.0 == key }?.1
    }

    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// True for arrays and objects, the values `JSONSerialization` accepts at the top level.
    public var isStructure: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }
}
