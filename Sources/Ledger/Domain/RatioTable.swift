import Foundation

/// The options that hold a map of model (or group) name → number, and the check
/// `PUT /api/option/` applies to them: a JSON object whose values are non-negative numbers.
public enum RatioTable {
    /// Option keys whose value must be a ratio or price table.
    public static let optionKeys: Set<String> = [
        "ModelRatio", "ModelPrice", "CompletionRatio", "CacheRatio", "CreateCacheRatio", "ImageRatio", "AudioRatio",
        "AudioCompletionRatio", "GroupRatio",
    ]

    /// The table in `text`, or nil when it is not a JSON object of name → number.
    public static func parse(_ text: String) -> [String: Double]? {
        try? JSONDecoder().decode([String: Double].self, from: Data(text.utf8))
    }

    /// Refuses a value that is not a table of non-negative numbers, naming what is wrong.
    static func check(key: String, value: String) throws(LedgerError) {
        guard let table = parse(value) else {
            throw .ratioTableNotAnObject(key: key)
        }
        if let name = table.keys.sorted().first(where: { !(table[$0]! >= 0) || !table[$0]!.isFinite }) {
            if key == "GroupRatio" { throw .negativeGroupRatio(name: name) }
            throw .negativeRatio(key: key, name: name)
        }
    }
}
