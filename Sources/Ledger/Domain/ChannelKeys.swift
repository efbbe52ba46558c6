import Foundation

/// The key list of a channel in plain text, as New API reads it: newline-separated keys, or for
/// Vertex AI service-account channels a JSON array of key objects. Callers hold the plain text only
/// between opening and sealing; decisions never see it.
public enum ChannelKeys {
    /// Vertex AI (41) channels take JSON key objects unless `settings.vertex_key_type` is "api_key".
    public static func isJSONKeyed(_ fields: Oneledger_V1_ChannelFields) -> Bool {
        guard fields.type == ChannelType.vertexAI else { return false }
        return JSONValue(parsing: fields.settings)?["vertex_key_type"]?.stringValue != "api_key"
    }

    /// The keys of a stored key text: a JSON array's elements, else its lines.
    public static func split(_ stored: String) -> [String] {
        let trimmed = stored.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("["), let array = try? jsonArray(trimmed) { return array }
        return stored.trimmingCharacters(in: CharacterSet(charactersIn: "\n")).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map(String.init)
    }

    /// The non-empty, trimmed keys of an input text. A JSON-keyed channel's input must be a JSON
    /// array; when `lenient`, input that does not start with "[" is one key (as appends take it).
    /// `refusalPrefix` leads the refusal's text.
    public static func parse(
        _ input: String, jsonKeyed: Bool, lenient: Bool = false, refusalPrefix: String = ""
    ) throws(LedgerError) -> [String] {
        if jsonKeyed {
            let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
            if lenient, !trimmed.hasPrefix("[") { return trimmed.isEmpty ? [] : [trimmed] }
            do {
                return try jsonArray(trimmed)
            } catch {
                throw .vertexKeysNotJSONArray(prefix: refusalPrefix, reason: "\(error)")
            }
        }
        return input.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `existing` followed by the keys of `added` not already present (compared trimmed).
    public static func appending(_ added: [String], to existing: [String]) -> [String] {
        var seen = Set(existing.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        var result = existing
        for key in added.map({ $0.trimmingCharacters(in: .whitespaces) }) where !key.isEmpty && !seen.contains(key) {
            seen.insert(key)
            result.append(key)
        }
        return result
    }

    /// A short masked preview that identifies a key without revealing it: at most its first six
    /// characters (fewer for short keys), then "...".
    public static func preview(_ key: String) -> String {
        String(key.prefix(min(6, key.count / 3))) + "..."
    }

    /// The elements of a JSON array: strings trimmed, anything else re-encoded compactly (sorted keys,
    /// `/` escaped, as keys were always written).
    static func jsonArray(_ text: String) throws(KeyArrayError) -> [String] {
        guard case .array(let elements)? = JSONValue(parsing: text) else { throw .notAnArray }
        let keys = elements.map { element in
            if case .string(let string) = element {
                string.trimmingCharacters(in: .whitespaces)
            } else {
                element.jsonText(escapingSlashes: true)
            }
        }
        .filter { !$0.isEmpty }
        if keys.isEmpty { throw .empty }
        return keys
    }

    enum KeyArrayError: Error, CustomStringConvertible {
        case notAnArray, empty
        var description: String { self == .empty ? "no keys" : "not a JSON array" }
    }
}

/// Channel types that validation and key parsing single out (`constant/channel.go`).
public enum ChannelType {
    public static let vertexAI: Int32 = 41
    public static let codex: Int32 = 57
    public static let newAPI: Int32 = 60
}
