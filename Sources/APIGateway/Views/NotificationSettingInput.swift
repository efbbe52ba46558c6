import Foundation
import Ledger

/// The body of `PUT /api/user/setting` and its checks (docs/api.md, Self-service). The result
/// replaces the whole setting: only these keys are kept, as New API does.
struct NotificationSettingInput: Decodable {
    var notify_type: String?
    var quota_warning_threshold: Double?
    var webhook_url: String?
    var webhook_secret: String?
    var notification_email: String?
    var bark_url: String?
    var gotify_url: String?
    var gotify_token: String?
    var gotify_priority: Int?
    var upstream_model_update_notify_enabled: Bool?
    var accept_unset_model_ratio_model: Bool?
    var record_ip_log: Bool?

    func settingText(isAdmin: Bool) throws -> String {
        let type = notify_type ?? ""
        guard ["email", "webhook", "bark", "gotify"].contains(type) else {
            throw APIError.refused("Invalid warning type")
        }
        let threshold = quota_warning_threshold ?? 0
        guard threshold > 0, threshold.isFinite else {
            throw APIError.refused("Warning threshold must be greater than 0")
        }
        var setting: [String: JSONValue] = [
            "notify_type": .string(type), "quota_warning_threshold": .double(threshold),
        ]
        func checkURL(_ value: String?, empty: String, invalid: String) throws -> String {
            let url = value ?? ""
            if url.isEmpty { throw APIError.refused(empty) }
            guard url.utf8.count <= 2048, let parsed = URL(string: url),
                ["http", "https"].contains(parsed.scheme ?? ""),
                parsed.host != nil
            else { throw APIError.refused(invalid) }
            return url
        }
        switch type {
        case "webhook":
            setting["webhook_url"] = .string(
                try checkURL(webhook_url, empty: "Webhook URL cannot be empty", invalid: "Invalid Webhook URL"))
            if let secret = webhook_secret, !secret.isEmpty { setting["webhook_secret"] = .string(secret) }
        case "email":
            if let email = notification_email, !email.isEmpty {
                guard email.contains("@") else { throw APIError.refused("Invalid email address") }
                setting["notification_email"] = .string(email)
            }
        case "bark":
            setting["bark_url"] = .string(
                try checkURL(bark_url, empty: "Bark URL cannot be empty", invalid: "Invalid Bark URL"))
        default:
            setting["gotify_url"] = .string(
                try checkURL(gotify_url, empty: "Gotify URL cannot be empty", invalid: "Invalid Gotify URL"))
            if let token = gotify_token, !token.isEmpty { setting["gotify_token"] = .string(token) }
        }
        let priority = gotify_priority ?? 5
        setting["gotify_priority"] = .int(Int64((0...10).contains(priority) ? priority : 5))
        if isAdmin, upstream_model_update_notify_enabled == true {
            setting["upstream_model_update_notify_enabled"] = .bool(true)
        }
        if accept_unset_model_ratio_model == true { setting["accept_unset_model_ratio_model"] = .bool(true) }
        if record_ip_log == true { setting["record_ip_log"] = .bool(true) }
        return SettingJSON.encode(setting)
    }
}
