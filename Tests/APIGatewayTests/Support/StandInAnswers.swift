import Foundation
import Hummingbird
import NIOCore

/// Answers for stand-in servers: JSON of a given status, and the ways an outside service fails
/// (slowly, with an error status, with a body that is not JSON).
enum StandInAnswer {
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static var badJSON: Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: "{\"data\": [")))
    }

    /// Answers after `seconds`: longer than the deadline the test configures.
    static func slow(_ seconds: Int = 3, _ text: String = "{}") async throws -> Response {
        try await Task.sleep(for: .seconds(seconds))
        return json(text)
    }

    /// The `http://host:port` the request was sent to, for answers that name the stand-in itself.
    static func origin(_ request: Request) -> String {
        "http://" + (request.head.authority ?? "127.0.0.1")
    }
}

/// A stand-in OpenAI-compatible upstream. The key decides how it answers: `sk-good` passes,
/// `sk-revoked` is refused with 401 `invalid_api_key`, `sk-slow` answers after the deadline,
/// `sk-badjson` answers 200 with a broken body; `/v1/models` and the billing endpoints answer
/// for `sk-good`.
enum OpenAIStandIn {
    static func configure(_ router: Router<BasicRequestContext>) {
        router.post("v1/chat/completions") { request, _ in
            try await answer(request) {
                StandInAnswer.json(
                    #"{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hello"}}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"#
                )
            }
        }
        router.get("v1/models") { request, _ in
            try await answer(request) {
                StandInAnswer.json(#"{"object":"list","data":[{"id":"gpt-4o"},{"id":"gpt-4o-mini"}]}"#)
            }
        }
        router.get("v1/dashboard/billing/subscription") { request, _ in
            try await answer(request) { StandInAnswer.json(#"{"hard_limit_usd":120.5}"#) }
        }
        router.get("v1/dashboard/billing/usage") { request, _ in
            try await answer(request) {
                request.uri.queryParameters["start_date"] == nil
                    ? StandInAnswer.json("{}", status: .badRequest) : StandInAnswer.json(#"{"total_usage":2050}"#)
            }
        }
        router.get("user/balance") { request, _ in
            try await answer(request) {
                StandInAnswer.json(
                    #"{"is_available":true,"balance_infos":[{"currency":"USD","total_balance":"1.00"},{"currency":"CNY","total_balance":"0.00"}]}"#
                )
            }
        }
    }

    private static func answer(_ request: Request, _ good: () -> Response) async throws -> Response {
        switch request.headers[.authorization] ?? "" {
        case "Bearer sk-good": return good()
        case "Bearer sk-slow": return try await StandInAnswer.slow()
        case "Bearer sk-badjson": return StandInAnswer.badJSON
        case "Bearer sk-revoked":
            return StandInAnswer.json(
                #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#,
                status: .unauthorized)
        default:
            return StandInAnswer.json(
                #"{"error":{"message":"server exploded","type":"server_error"}}"#, status: .internalServerError)
        }
    }
}
