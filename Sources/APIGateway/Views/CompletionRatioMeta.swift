import Foundation
import Ledger

/// The synthetic option `CompletionRatioMeta` of `GET /api/option/`: for every model named in
/// `ModelRatio`, `ModelPrice` or `CompletionRatio`, `{"ratio": effective completion ratio,
/// "locked": whether New API fixes it}`, as compact JSON with sorted keys.
enum CompletionRatioMeta {
    static func value(options: [String: String]) -> String {
        func table(_ key: String) -> [String: Double] { RatioTable.parse(options[key] ?? "") ?? [:] }
        let completion = table("CompletionRatio")
        let models = Set(table("ModelRatio").keys).union(table("ModelPrice").keys).union(completion.keys)
        let entries = models.sorted().map { model in
            let info = CompletionRatio.info(model, table: completion)
            return "\(quoted(model)):{\"locked\":\(info.locked),\"ratio\":\(number(info.ratio))}"
        }
        return "{" + entries.joined(separator: ",") + "}"
    }

    /// A number as Go's JSON encoder writes it: integers without a fraction.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
