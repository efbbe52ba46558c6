import Foundation
import Ledger
import Projections

/// The pricing table of `GET /api/pricing` (docs/api.md, Setup and status, Public information): one item per model that
/// enabled abilities offer, priced from the ratio options (New API's built-in tables until set).
struct PricingView {
    /// The ratio and price options, each decoded as model → number.
    struct Tables {
        var modelRatio: [String: JSONValue]
        var modelPrice: [String: JSONValue]
        var cacheRatio: [String: JSONValue]
        var createCacheRatio: [String: JSONValue]
        var imageRatio: [String: JSONValue]
        var audioRatio: [String: JSONValue]
        var audioCompletionRatio: [String: JSONValue]
        /// `CompletionRatio` as numbers, for `CompletionRatio.info`.
        var completionNumbers: [String: Double]

        static let optionKeys = [
            "ModelRatio", "ModelPrice", "CompletionRatio", "CacheRatio", "CreateCacheRatio", "ImageRatio", "AudioRatio",
            "AudioCompletionRatio",
        ]

        init(_ values: [String: String]) {
            func table(_ key: String) -> [String: JSONValue] { GroupsView.decode(values[key]) }
            modelRatio = table("ModelRatio")
            modelPrice = table("ModelPrice")
            cacheRatio = table("CacheRatio")
            createCacheRatio = table("CreateCacheRatio")
            imageRatio = table("ImageRatio")
            audioRatio = table("AudioRatio")
            audioCompletionRatio = table("AudioCompletionRatio")
            completionNumbers = RatioTable.parse(values["CompletionRatio"] ?? "") ?? [:]
        }
    }

    /// Sent as `pricing_version`, at the top level and on the first item.
    static let version = "oneledger-1"

    var items: [JSONValue] = []
    /// Endpoint type → `{path, method}` for every endpoint type an item names.
    var endpoints: [(String, JSONValue)] = []

    /// Items for the models offered in a usable group (or in `all`), sorted by model name.
    init(offerings: [ChannelQueries.Offering], tables: Tables, usableGroups: Set<String>) {
        var groups: [String: [String]] = [:]
        var endpointTypes: [String: [String]] = [:]
        for offering in offerings {
            if !(groups[offering.model]?.contains(offering.group) ?? false) {
                groups[offering.model, default: []].append(offering.group)
            }
            for type in Self.endpointTypes(channelType: offering.channelType)
            where !(endpointTypes[offering.model]?.contains(type) ?? false) {
                endpointTypes[offering.model, default: []].append(type)
            }
        }
        var used: [String] = []
        for model in groups.keys.sorted() {
            let enabled = groups[model] ?? []
            guard enabled.contains("all") || enabled.contains(where: usableGroups.contains) else { continue }
            let types = endpointTypes[model] ?? []
            for type in types where !used.contains(type) { used.append(type) }
            items.append(Self.item(model, groups: enabled, endpointTypes: types, tables: tables, first: items.isEmpty))
        }
        endpoints = used.compactMap { type in
            Self.endpointPaths[type].map { (type, .object([("path", .string($0)), ("method", .string("POST"))])) }
        }
    }

    private static func item(_ model: String, groups: [String], endpointTypes: [String], tables: Tables, first: Bool)
        -> JSONValue
    {
        let name = matchingName(model)
        var fields: [(String, JSONValue)] = [("model_name", .string(model))]
        if let price = tables.modelPrice[name] {
            fields += [("quota_type", .int(1)), ("model_ratio", .int(0)), ("model_price", price)]
            fields += [("owner_by", .string("")), ("completion_ratio", .int(0))]
        } else {
            // New API prices a model missing from ModelRatio at 37.5.
            let ratio = tables.modelRatio[name] ?? .double(37.5)
            let completion = CompletionRatio.info(name, table: tables.completionNumbers).ratio
            fields += [("quota_type", .int(0)), ("model_ratio", ratio), ("model_price", .int(0))]
            fields += [("owner_by", .string("")), ("completion_ratio", Self.number(completion))]
        }
        for (key, table) in [
            ("cache_ratio", tables.cacheRatio), ("create_cache_ratio", tables.createCacheRatio),
            ("image_ratio", tables.imageRatio), ("audio_ratio", tables.audioRatio),
            ("audio_completion_ratio", tables.audioCompletionRatio),
        ] {
            if let value = table[name] { fields.append((key, value)) }
        }
        fields.append(("enable_groups", .array(groups.sorted().map { .string($0) })))
        fields.append(("supported_endpoint_types", .array(endpointTypes.map { .string($0) })))
        if first { fields.append(("pricing_version", .string(version))) }
        return .object(fields)
    }

    /// A computed ratio as JSON: an integer when it has no fraction, as New API writes it.
    static func number(_ value: Double) -> JSONValue {
        value == value.rounded() && abs(value) < 1e15 ? .int(Int64(value)) : .double(value)
    }

    /// The table key a model is priced under: GPTs share `gpt-4-gizmo-*` / `gpt-4o-gizmo-*`, and
    /// Gemini 2.5 models with a thinking budget share their `-thinking-*` entry.
    static func matchingName(_ model: String) -> String {
        if model.hasPrefix("gpt-4-gizmo") { return "gpt-4-gizmo-*" }
        if model.hasPrefix("gpt-4o-gizmo") { return "gpt-4o-gizmo-*" }
        for prefix in ["gemini-2.5-flash-lite", "gemini-2.5-flash", "gemini-2.5-pro"]
        where model.hasPrefix(prefix) && model.contains("-thinking-") {
            return prefix + "-thinking-*"
        }
        return model
    }

    /// The API formats a channel type serves (every type serves the OpenAI format but Jina).
    static func endpointTypes(channelType: Int64) -> [String] {
        switch channelType {
        case 1, 3: ["openai", "openai-response"]  // OpenAI, Azure
        case 14, 33: ["anthropic", "openai"]  // Anthropic, AWS
        case 24, 41: ["gemini", "openai"]  // Gemini, Vertex AI
        case 38: ["jina-rerank"]  // Jina
        default: ["openai"]
        }
    }

    static let endpointPaths: [String: String] = [
        "openai": "/v1/chat/completions", "openai-response": "/v1/responses", "anthropic": "/v1/messages",
        "gemini": "/v1beta/models/{model}:generateContent", "jina-rerank": "/v1/rerank",
    ]
}
