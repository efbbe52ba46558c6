/// The completion ratio New API applies to a model (`GetCompletionRatio` of
/// `setting/ratio_setting/model_ratio.go`): the `CompletionRatio` option, except for the models
/// whose ratio New API fixes ("locked") by name, and a name-based fallback for the rest.
public enum CompletionRatio {
    /// The ratio and whether the option may override it.
    public struct Info: Sendable, Equatable {
        public var ratio: Double
        public var locked: Bool
    }

    /// The effective ratio of `model` (already in its matching form) under the option `table`.
    public static func info(_ model: String, table: [String: Double]) -> Info {
        if model.contains("/"), let ratio = table[model] { return Info(ratio: ratio, locked: false) }
        let builtIn = builtIn(model)
        if builtIn.locked { return builtIn }
        if let ratio = table[model] { return Info(ratio: ratio, locked: false) }
        return builtIn
    }

    /// New API's ratio for a model by its name alone.
    public static func builtIn(_ name: String) -> Info {
        func fixed(_ ratio: Double) -> Info { Info(ratio: ratio, locked: true) }
        func open(_ ratio: Double) -> Info { Info(ratio: ratio, locked: false) }
        if name.hasSuffix("-all") || name.hasSuffix("-gizmo-*") { return open(2) }
        if name.hasPrefix("gpt-") {
            if name.hasPrefix("gpt-4o") {
                if name == "gpt-4o-2024-05-13" { return fixed(3) }
                return name.hasPrefix("gpt-4o-mini-tts") ? open(20) : open(4)
            }
            if name.hasPrefix("gpt-5") {
                if !name.contains(".") { return fixed(8) }
                if name.hasPrefix("gpt-5.4") { return fixed(name.hasPrefix("gpt-5.4-nano") ? 6.25 : 6) }
                return open(6)
            }
            if name.hasPrefix("gpt-4.5-preview") { return fixed(2) }
            if name.hasPrefix("gpt-4-turbo") || name.hasSuffix("gpt-4-1106") || name.hasSuffix("gpt-4-1105") {
                return fixed(3)
            }
            return open(2)
        }
        if name.hasPrefix("o1") || name.hasPrefix("o3") { return fixed(4) }
        if name == "chatgpt-4o-latest" { return fixed(3) }
        let claude = [
            "claude-3", "claude-sonnet-4", "claude-opus-4", "claude-haiku-4", "claude-fable-5", "claude-sonnet-5",
            "claude-opus-5",
        ]
        if claude.contains(where: name.contains) { return fixed(5) }
        if name.hasPrefix("mistral-") { return fixed(3) }
        if name.hasPrefix("gemini-") { return gemini(name) }
        if name.hasPrefix("command") {
            let ratios: [String: Double] = [
                "command-r": 3, "command-r-plus": 5, "command-r-08-2024": 4, "command-r-plus-08-2024": 4,
            ]
            return ratios[name].map(fixed) ?? open(4)
        }
        if ["ERNIE-Speed-", "ERNIE-Lite-", "ERNIE-Character", "ERNIE-Functions"].contains(where: name.hasPrefix) {
            return fixed(2)
        }
        switch name {
        case "llama2-70b-4096": return fixed(0.8 / 0.64)
        case "llama3-8b-8192": return fixed(2)
        case "llama3-70b-8192": return fixed(0.79 / 0.59)
        default: return open(1)
        }
    }

    private static func gemini(_ name: String) -> Info {
        if name.hasPrefix("gemini-1.5") || name.hasPrefix("gemini-2.0") { return Info(ratio: 4, locked: true) }
        let ratio: Double =
            if name.hasPrefix("gemini-2.5-pro") {
                8
            } else if name.hasPrefix("gemini-2.5-flash-preview") {
                name.hasSuffix("-nothinking") ? 4 : 3.5 / 0.15
            } else if name.hasPrefix("gemini-2.5-flash-lite") {
                4
            } else if name.hasPrefix("gemini-2.5-flash") || name.hasPrefix("gemini-robotics-er-1.5") {
                2.5 / 0.3
            } else if name.hasPrefix("gemini-3-pro") {
                name.hasPrefix("gemini-3-pro-image") ? 60 : 6
            } else {
                4
            }
        return Info(ratio: ratio, locked: false)
    }
}
