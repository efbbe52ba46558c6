/// The built-in model catalogue of `GET /api/channel/models`: New API's per-adaptor model lists
/// (`relay/channel/*/constant(s).go`, `ModelList` and `ChannelName`), carried over as data.
public enum ModelCatalogue {
    /// One catalogue entry as the route shows it.
    public struct Model: Sendable, Equatable {
        public var id: String
        /// The adaptor's `ChannelName` in New API ("openai", "claude", "google gemini", …).
        public var ownedBy: String
        public var supportedEndpointTypes: [String]
    }

    /// New API stamps every built-in model with this creation time.
    public static let created: Int64 = 1_626_777_600

    /// Every provider's models, in New API's adaptor order, duplicates dropped.
    public static let models: [Model] = {
        var seen = Set<String>()
        var result: [Model] = []
        for (owner, names) in providers {
            for name in names where seen.insert(name).inserted {
                result.append(
                    Model(id: name, ownedBy: owner, supportedEndpointTypes: endpointTypes(name, owner: owner)))
            }
        }
        return result
    }()

    static let providers: [(owner: String, models: [String])] = [
        ("openai", openAI), ("claude", anthropic), ("google gemini", gemini), ("deepseek", deepSeek),
        ("moonshot", moonshot), ("xai", xAI), ("mistral", mistral), ("ali", ali),
    ]

    /// The endpoints a client may call a model through. OneLedger derives them from the model's
    /// kind and provider (New API keeps a richer table per channel type).
    static func endpointTypes(_ name: String, owner: String) -> [String] {
        if name.contains("embed") { return ["embeddings"] }
        if name.contains("rerank") { return ["jina-rerank"] }
        if name.hasPrefix("dall-e") || name.contains("gpt-image") || name.hasPrefix("imagen") || name.contains("-image")
        {
            return ["image-generation"]
        }
        if name.hasPrefix("sora") || name.hasPrefix("veo") || name.contains("-video") { return ["openai-video"] }
        switch owner {
        case "claude": return ["anthropic", "openai"]
        case "google gemini": return ["gemini", "openai"]
        case "openai"
        where name.hasPrefix("gpt-5") || name.hasPrefix("o1") || name.hasPrefix("o3") || name.hasPrefix("o4"):
            return ["openai", "openai-response"]
        default: return ["openai"]
        }
    }
}
