import Foundation

/// The WeChat login server (`WeChatServerAddress`, with `WeChatServerToken`): turns the code a
/// user scanned into their WeChat account id, as `/api/oauth/wechat` and `/bind` need.
struct WeChatServer: Sendable {
    var http: OutboundHTTP
    var address: String
    var token: String

    private struct Answer: Decodable {
        var success: Bool?
        var message: String?
        var data: String?
    }

    func accountID(code: String) async throws -> String {
        guard !address.isEmpty else { throw APIError.refused("WeChat server address is not configured") }
        let base = address.hasSuffix("/") ? String(address.dropLast()) : address
        let answer: Answer = try await http.getJSON(
            base + "/api/wechat/user?code=" + OutboundHTTP.percentEncoded(code), headers: [("Authorization", token)])
        guard answer.success == true else { throw APIError.refused(answer.message ?? "WeChat server refused the code") }
        guard let id = answer.data, !id.isEmpty else { throw APIError.refused("验证码错误或已过期") }
        return id
    }
}
