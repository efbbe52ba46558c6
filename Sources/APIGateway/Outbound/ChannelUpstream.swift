import Foundation
import Ledger
import NIOCore
import NIOHTTP1

/// A channel's upstream as the test, balance and model-list routes call it: OpenAI-compatible
/// types at the channel's base URL (else the type's default) with its key.
struct ChannelUpstream: Sendable {
    var http: OutboundHTTP
    var type: Int32
    /// The base URL without a trailing slash.
    var base: String
    var key: String
    var organization = ""

    /// OpenAI-compatible channel types and their default base URLs ("" = the channel must give one):
    /// OpenAI, Ollama, Custom, OpenRouter, Moonshot, SiliconFlow, DeepSeek, xAI, NewAPI.
    static let defaultBases: [Int32: String] = [
        1: "https://api.openai.com", 4: "", 8: "", 20: "https://openrouter.ai/api", 25: "https://api.moonshot.cn",
        40: "https://api.siliconflow.cn", 43: "https://api.deepseek.com", 48: "https://api.x.ai", 60: "",
    ]

    /// The types whose balance endpoint is known: OpenAI, Custom, OpenRouter, Moonshot, SiliconFlow, DeepSeek.
    static let balanceTypes: Set<Int32> = [1, 8, 20, 25, 40, 43]

    /// The upstream of a channel type and stored base URL, or a refusal naming why not.
    init(http: OutboundHTTP, type: Int32, baseURL: String, key: String, organization: String = "") throws {
        guard let fallback = Self.defaultBases[type] else {
            throw APIError.refused("channel type \(type) is not supported for upstream calls yet")
        }
        var base = baseURL.isEmpty ? fallback : baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard !base.isEmpty else { throw APIError.refused("the channel has no base URL") }
        guard !key.isEmpty else { throw APIError.refused("the channel has no key") }
        self.http = http
        self.type = type
        self.base = base
        self.key = key
        self.organization = organization
    }

    private var headers: [(String, String)] {
        var headers = [("Authorization", "Bearer \(key)"), ("Accept", "application/json")]
        if !organization.isEmpty { headers.append(("OpenAI-Organization", organization)) }
        return headers
    }

    /// An OpenAI-style error body: `{"error": {"message", "type", "code"}}`.
    struct ErrorBody: Decodable {
        struct Detail: Decodable {
            var message: String?
            var type: String?
            var code: JSONValue?
        }
        var error: Detail?
    }

    // MARK: - Test

    /// Sends a tiny chat completion and times it; every failure of the upstream becomes the
    /// outcome's message. A refused or malformed address throws: nothing was sent.
    func test(model: String) async throws(OutboundError) -> ChannelTestOutcome {
        let tokens =
            ["o1", "o3", "o4", "gpt-5"].contains { model.hasPrefix($0) } ? "max_completion_tokens" : "max_tokens"
        let body = JSONValue.object([
            ("model", .string(model)),
            ("messages", .array([.object([("role", .string("user")), ("content", .string("hi"))])])),
            (tokens, .int(16)),
        ])
        let start = ContinuousClock.now
        var outcome = ChannelTestOutcome(model: model, responseTime: 0, success: false)
        do {
            let response = try await http.send(
                .POST, base + "/v1/chat/completions", headers: headers + [("Content-Type", "application/json")],
                body: Array(body.jsonText().utf8))
            outcome.statusCode = Int32(clamping: response.status)
            let host = URL(string: base)?.host ?? base
            if response.status != 200 {
                let detail = (try? response.decode(ErrorBody.self, host: host))?.error
                outcome.errorType = detail?.type ?? ""
                outcome.errorCode = detail?.code.map { $0.stringValue ?? $0.jsonText() } ?? ""
                let message = detail?.message.map { ", message: \($0)" } ?? ""
                outcome.message = "bad response status code \(response.status)\(message)"
            } else if let answer = try? response.decode(JSONValue.self, host: host), case .array? = answer["choices"] {
                outcome.success = true
            } else {
                outcome.message = "\(host) answered with an invalid chat completion"
            }
        } catch {
            switch error {
            case .privateAddress, .badAddress: throw error
            default: outcome.message = error.message
            }
        }
        let elapsed = ContinuousClock.now - start
        outcome.responseTime =
            elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return outcome
    }

    // MARK: - Models

    /// `GET {base}/v1/models`: the model ids, in the upstream's order.
    func models() async throws -> [String] {
        struct Models: Decodable {
            struct Model: Decodable { var id: String }
            var data: [Model]
        }
        let models: Models = try await http.getJSON(base + "/v1/models", headers: headers)
        return models.data.map(\.id)
    }

    // MARK: - Balance

    /// The balance in USD from the type's billing endpoint; `price` converts CNY (Moonshot).
    func balance(price: Double, now: Date) async throws -> Double {
        switch type {
        case 1, 8: return try await openAIBalance(now: now)
        case 40:
            struct Info: Decodable {
                struct Data: Decodable { var totalBalance: String? }
                var data: Data?
            }
            let info: Info = try await http.getJSON(base + "/v1/user/info", headers: headers)
            guard let text = info.data?.totalBalance, let balance = Double(text) else { throw invalid("SiliconFlow") }
            return balance
        case 43:
            struct Balance: Decodable {
                struct Info: Decodable {
                    var currency: String?
                    var total_balance: String?
                }
                var balance_infos: [Info]?
            }
            let answer: Balance = try await http.getJSON(base + "/user/balance", headers: headers)
            guard let info = answer.balance_infos?.first(where: { $0.currency == "CNY" }) else {
                throw APIError.refused("currency CNY not found")
            }
            guard let balance = info.total_balance.flatMap(Double.init) else { throw invalid("DeepSeek") }
            return balance
        case 20:
            struct Credits: Decodable {
                struct Data: Decodable {
                    var total_credits: Double
                    var total_usage: Double
                }
                var data: Data
            }
            let credits: Credits = try await http.getJSON(base + "/v1/credits", headers: headers)
            return credits.data.total_credits - credits.data.total_usage
        case 25:
            struct Balance: Decodable {
                struct Data: Decodable { var available_balance: Double }
                var code: Int?
                var status: Bool?
                var data: Data?
            }
            let answer: Balance = try await http.getJSON(base + "/v1/users/me/balance", headers: headers)
            guard answer.status == true, answer.code ?? 0 == 0, let data = answer.data, price > 0 else {
                throw invalid("Moonshot")
            }
            return data.available_balance / price
        default:
            throw APIError.refused("尚未实现")
        }
    }

    /// OpenAI's dashboard: the subscription's hard limit less the usage (in cents) of the last 100 days.
    private func openAIBalance(now: Date) async throws -> Double {
        struct Subscription: Decodable { var hard_limit_usd: Double }
        struct Usage: Decodable { var total_usage: Double }
        let subscription: Subscription = try await http.getJSON(
            base + "/v1/dashboard/billing/subscription", headers: headers)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let start = formatter.string(from: now.addingTimeInterval(-100 * 86_400))
        let end = formatter.string(from: now.addingTimeInterval(86_400))
        let usage: Usage = try await http.getJSON(
            base + "/v1/dashboard/billing/usage?start_date=\(start)&end_date=\(end)", headers: headers)
        return subscription.hard_limit_usd - usage.total_usage / 100
    }

    private func invalid(_ provider: String) -> APIError {
        APIError.refused("\(provider) answered with an invalid balance")
    }
}
