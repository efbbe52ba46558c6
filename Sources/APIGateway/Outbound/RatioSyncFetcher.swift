import Foundation
import Ledger
import NIOCore
import NIOHTTP1

/// Reads the ratio tables of other instances for `POST /api/ratio_sync/fetch` (docs/api.md,
/// Ratio sync): each upstream's `/api/pricing` (or another endpoint, or a full URL), at most 8 at
/// once, 3 tries each, answers up to 10 MB; both answer shapes are understood — the
/// `{model_ratio, completion_ratio, …}` maps of `/api/ratio_config` and the item list of
/// `/api/pricing`.
struct RatioSyncFetcher: Sendable {
    /// One instance to read.
    struct Upstream: Sendable {
        var id: Int64
        var name: String
        var baseURL: String
        var endpoint: String

        /// `name(id)` when it has an id, as the differences name their upstreams.
        var label: String { id != 0 ? "\(name)(\(id))" : name }

        var address: String {
            let lower = endpoint.lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return endpoint }
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            let path = endpoint.isEmpty ? "/api/pricing" : endpoint
            return base + (path.hasPrefix("/") ? path : "/" + path)
        }
    }

    /// The fields compared, in the order they are reported.
    static let fields = [
        "model_ratio", "completion_ratio", "cache_ratio", "create_cache_ratio", "image_ratio", "audio_ratio",
        "audio_completion_ratio", "model_price",
    ]

    /// What one upstream reported: field → model → value, or why it could not be read.
    typealias Tables = [String: [String: Double]]

    var http = OutboundHTTP(maxBodyBytes: 10 << 20)
    var tries = 3
    static let parallel = 8

    /// Each upstream's tables or failure, in the order of `upstreams`.
    func fetch(_ upstreams: [Upstream], timeout: Int) async -> [Result<Tables, OutboundError>] {
        var results = [Result<Tables, OutboundError>](repeating: .failure(.badAddress("")), count: upstreams.count)
        var next = 0
        await withTaskGroup(of: (Int, Result<Tables, OutboundError>).self) { group in
            func start() {
                guard next < upstreams.count else { return }
                let index = next
                let upstream = upstreams[index]
                next += 1
                group.addTask { (index, await self.read(upstream, timeout: timeout)) }
            }
            for _ in 0..<Self.parallel { start() }
            for await (index, result) in group {
                results[index] = result
                start()
            }
        }
        return results
    }

    private func read(_ upstream: Upstream, timeout: Int) async -> Result<Tables, OutboundError> {
        var last = OutboundError.badAddress(upstream.address)
        for _ in 0..<max(1, tries) {
            do {
                let response = try await http.send(.GET, upstream.address, timeout: .seconds(Int64(timeout)))
                let host = URL(string: upstream.address)?.host ?? upstream.address
                guard response.status == 200 else { throw OutboundError.status(host: host, code: response.status) }
                return .success(try Self.tables(response.decode(JSONValue.self, host: host), host: host))
            } catch let error as OutboundError {
                last = error
                if case .badAddress = error { break }
                if case .badJSON = error { break }
            } catch {
                break
            }
        }
        return .failure(last)
    }

    /// The tables of an answer `{success, data}` whose data is the ratio maps or the pricing list.
    static func tables(_ answer: JSONValue, host: String) throws(OutboundError) -> Tables {
        if answer["success"] == .bool(false) {
            throw .unreachable(host: host, reason: answer["message"]?.stringValue ?? "success is false")
        }
        var tables: Tables = [:]
        switch answer["data"] {
        case .object(let pairs):
            for (field, value) in pairs where fields.contains(field) {
                for (model, number) in value.members ?? [:] {
                    if let number = number.number { tables[field, default: [:]][model] = number }
                }
            }
        case .array(let items):
            for item in items {
                guard let model = item["model_name"]?.stringValue else { continue }
                if item["quota_type"]?.number == 1 {
                    if let price = item["model_price"]?.number { tables["model_price", default: [:]][model] = price }
                    continue
                }
                for field in fields where field != "model_price" {
                    if let value = item[field]?.number { tables[field, default: [:]][model] = value }
                }
            }
        default:
            throw .badJSON(host: host)
        }
        return tables
    }
}

extension JSONValue {
    /// A number's value, nil for anything else.
    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}
