import Foundation
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Ratio sync (root)): the instances whose ratio tables root may compare with this
/// one's, and the comparison itself, model by model and field by field.
struct RatioSyncRoutes: Sendable {
    let channels: ChannelQueries
    let options: OptionQueries
    var fetcher = RatioSyncFetcher()

    func register(root router: some RouterMethods<SignedInContext>) {
        router.get("ratio_sync/channels", use: upstreamChannels)
        router.post("ratio_sync/fetch", use: fetch)
    }

    /// The two presets New API lists after the channels.
    static let presets: [(id: Int64, name: String, baseURL: String)] = [
        (-100, "官方倍率预设", "https://basellm.github.io"), (-101, "models.dev 价格预设", "https://models.dev"),
    ]

    @Sendable func upstreamChannels(_ request: Request, context: SignedInContext) async throws -> Response {
        var items: [JSONValue] = try await channels.channelsWithBaseURL().map { channel in
            .object([
                ("id", .int(channel.id)), ("name", .string(channel.name)), ("base_url", .string(channel.baseUrl)),
                ("status", .int(Int64(channel.status))), ("type", .int(Int64(channel.type))),
            ])
        }
        for preset in Self.presets {
            items.append(
                .object([
                    ("id", .int(preset.id)), ("name", .string(preset.name)), ("base_url", .string(preset.baseURL)),
                    ("status", .int(1)), ("type", .int(0)),
                ]))
        }
        return Envelope.success(JSONValue.array(items))
    }

    struct FetchInput: Decodable {
        struct Upstream: Decodable {
            var id: Int64?
            var name: String?
            var base_url: String?
            var endpoint: String?
        }
        var channel_ids: [Int64]?
        var upstreams: [Upstream]?
        var timeout: Int?
    }

    @Sendable func fetch(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(
            FetchInput.self, context: context, refusal: APIError(status: .badRequest, message: "请求参数格式错误"))
        var upstreams: [RatioSyncFetcher.Upstream] = []
        for item in (input.upstreams ?? []).prefix(100) {
            guard let name = item.name, let base = item.base_url, !name.isEmpty, !base.isEmpty else { continue }
            upstreams.append(.init(id: item.id ?? 0, name: name, baseURL: base, endpoint: item.endpoint ?? ""))
        }
        for id in (input.channel_ids ?? []).prefix(100) {
            if let preset = Self.presets.first(where: { $0.id == id }) {
                upstreams.append(.init(id: id, name: preset.name, baseURL: preset.baseURL, endpoint: ""))
            } else if let channel = try await channels.channel(id: id), !channel.baseUrl.isEmpty {
                upstreams.append(.init(id: id, name: channel.name, baseURL: channel.baseUrl, endpoint: ""))
            }
        }
        guard !upstreams.isEmpty else { throw APIError.refused("无有效上游渠道") }
        let timeout = min(max(input.timeout ?? 10, 1), 60)
        let results = await fetcher.fetch(upstreams, timeout: timeout)
        var tested: [JSONValue] = []
        var read: [(String, RatioSyncFetcher.Tables)] = []
        for (upstream, result) in zip(upstreams, results) {
            switch result {
            case .success(let tables):
                read.append((upstream.label, tables))
                tested.append(.object([("name", .string(upstream.label)), ("status", .string("success"))]))
            case .failure(let error):
                tested.append(
                    .object([
                        ("name", .string(upstream.label)), ("status", .string("error")),
                        ("error", .string(error.message)),
                    ]))
            }
        }
        let local = try await localTables()
        return Envelope.successWithoutMessage(
            JSONValue.object([
                ("differences", RatioDifferences.compute(local: local, upstreams: read)),
                ("test_results", .array(tested)),
            ]))
    }

    /// This instance's tables, by the upstream field names.
    private func localTables() async throws -> RatioSyncFetcher.Tables {
        let keys: [String: String] = [
            "model_ratio": "ModelRatio", "completion_ratio": "CompletionRatio", "cache_ratio": "CacheRatio",
            "create_cache_ratio": "CreateCacheRatio", "image_ratio": "ImageRatio", "audio_ratio": "AudioRatio",
            "audio_completion_ratio": "AudioCompletionRatio", "model_price": "ModelPrice",
        ]
        let values = try await options.values(Array(keys.values))
        var tables: RatioSyncFetcher.Tables = [:]
        for (field, key) in keys {
            for (model, value) in JSONValue(parsing: values[key] ?? "")?.members ?? [:] {
                if let number = value.number { tables[field, default: [:]][model] = number }
            }
        }
        return tables
    }
}

/// The comparison New API reports: for each model and field where an upstream differs from the
/// local value, or has a value the local tables lack, the local value (`current`, or null), each
/// upstream's value (`"same"` when equal, null when it has none) and its `confidence` (false for
/// the 37.5 / 1 placeholder pair some instances report for unknown models).
enum RatioDifferences {
    static func compute(local: RatioSyncFetcher.Tables, upstreams: [(String, RatioSyncFetcher.Tables)]) -> JSONValue {
        var models = Set<String>()
        for (_, tables) in upstreams { for table in tables.values { models.formUnion(table.keys) } }
        var result: [(String, JSONValue)] = []
        for model in models.sorted() {
            var fields: [(String, JSONValue)] = []
            for field in RatioSyncFetcher.fields {
                let current = local[field]?[model]
                var values: [(String, JSONValue)] = []
                var confidence: [(String, JSONValue)] = []
                var differs = false
                var present = false
                for (name, tables) in upstreams {
                    let value = tables[field]?[model]
                    if let value {
                        present = true
                        if current == value {
                            values.append((name, .string("same")))
                        } else {
                            differs = true
                            values.append((name, .double(value)))
                        }
                    } else {
                        values.append((name, .null))
                    }
                    let placeholder = tables["model_ratio"]?[model] == 37.5 && tables["completion_ratio"]?[model] == 1
                    confidence.append((name, .bool(!placeholder)))
                }
                guard present, differs else { continue }
                fields.append(
                    (
                        field,
                        .object([
                            ("current", current.map(JSONValue.double) ?? .null), ("upstreams", .object(values)),
                            ("confidence", .object(confidence)),
                        ])
                    ))
            }
            if !fields.isEmpty { result.append((model, .object(fields))) }
        }
        return .object(result)
    }
}
