import Foundation
import Ledger
import Projections

/// The `data` of `GET /api/status`: every key docs/api.md, Setup and status, Public information lists, from options.
enum StatusView {
    static func make(options o: [String: String], setUp: Bool, version: String, startTime: Int64) -> JSONValue {
        func bool(_ key: String) -> JSONValue { .bool(o[key] == "true") }
        func string(_ key: String) -> JSONValue { .string(o[key] ?? "") }
        func double(_ key: String, _ fallback: Double) -> JSONValue { .double(Double(o[key] ?? "") ?? fallback) }
        func int(_ key: String) -> JSONValue { .int(Int64(o[key] ?? "") ?? 0) }
        func json(_ key: String) -> JSONValue {
            guard let text = o[key], let data = text.data(using: .utf8),
                let value = try? JSONDecoder().decode(JSONValue.self, from: data)
            else { return .array([]) }
            return value
        }
        let displayType = o["general_setting.quota_display_type"] ?? "USD"
        var pairs: [(String, JSONValue)] = [
            ("version", .string(version)), ("start_time", .int(startTime)),
            ("email_verification", bool("EmailVerificationEnabled")),
            ("github_oauth", bool("GitHubOAuthEnabled")), ("github_client_id", string("GitHubClientId")),
            ("discord_oauth", bool("discord.enabled")), ("discord_client_id", string("discord.client_id")),
            ("linuxdo_oauth", bool("LinuxDOOAuthEnabled")), ("linuxdo_client_id", string("LinuxDOClientId")),
            ("linuxdo_minimum_trust_level", int("LinuxDOMinimumTrustLevel")),
            ("telegram_oauth", bool("TelegramOAuthEnabled")), ("telegram_bot_name", string("TelegramBotName")),
            ("wechat_qrcode", string("WeChatAccountQRCodeImageURL")), ("wechat_login", bool("WeChatAuthEnabled")),
            ("register_enabled", bool("RegisterEnabled")), ("password_login_enabled", bool("PasswordLoginEnabled")),
            ("password_register_enabled", bool("PasswordRegisterEnabled")),
            ("theme", .string(o["theme.frontend"] ?? "default")), ("system_name", string("SystemName")),
            ("logo", string("Logo")), ("footer_html", string("Footer")), ("server_address", string("ServerAddress")),
            ("docs_link", string("DocsLink")),
            ("turnstile_check", bool("TurnstileCheckEnabled")), ("turnstile_site_key", string("TurnstileSiteKey")),
            ("quota_per_unit", double("QuotaPerUnit", 500_000)),
            ("display_in_currency", .bool(displayType != "TOKENS")), ("quota_display_type", .string(displayType)),
            ("custom_currency_symbol", .string(o["general_setting.custom_currency_symbol"] ?? "¤")),
            ("custom_currency_exchange_rate", double("general_setting.custom_currency_exchange_rate", 1)),
            ("usd_exchange_rate", double("USDExchangeRate", 7.3)), ("price", double("Price", 7.3)),
            ("stripe_unit_price", double("StripeUnitPrice", 8)),
            ("enable_batch_update", bool("BatchUpdateEnabled")), ("enable_drawing", bool("DrawingEnabled")),
            ("enable_task", bool("TaskEnabled")), ("enable_data_export", bool("DataExportEnabled")),
            ("data_export_default_time", .string(o["DataExportDefaultTime"] ?? "hour")),
            ("default_collapse_sidebar", bool("DefaultCollapseSidebar")),
            ("mj_notify_enabled", bool("MjNotifyEnabled")),
            ("chats", json("Chats")), ("demo_site_enabled", bool("DemoSiteEnabled")),
            ("self_use_mode_enabled", bool("SelfUseModeEnabled")),
            ("default_use_auto_group", bool("DefaultUseAutoGroup")),
            ("api_info_enabled", bool("console_setting.api_info_enabled")),
            ("uptime_kuma_enabled", bool("console_setting.uptime_kuma_enabled")),
            ("announcements_enabled", bool("console_setting.announcements_enabled")),
            ("faq_enabled", bool("console_setting.faq_enabled")),
            ("HeaderNavModules", string("HeaderNavModules")), ("SidebarModulesAdmin", string("SidebarModulesAdmin")),
            ("oidc_enabled", bool("oidc.enabled")), ("oidc_client_id", string("oidc.client_id")),
            ("oidc_authorization_endpoint", string("oidc.authorization_endpoint")),
            ("passkey_login", bool("passkey.enabled")), ("passkey_display_name", string("passkey.rp_display_name")),
            ("passkey_rp_id", string("passkey.rp_id")), ("passkey_origins", string("passkey.origins")),
            ("passkey_allow_insecure", bool("passkey.allow_insecure_origin")),
            ("passkey_user_verification", string("passkey.user_verification")),
            ("passkey_attachment", string("passkey.attachment_preference")),
            ("setup", .bool(setUp)),
            ("user_agreement_enabled", .bool(!(o["legal.user_agreement"] ?? "").isEmpty)),
            ("privacy_policy_enabled", .bool(!(o["legal.privacy_policy"] ?? "").isEmpty)),
            ("checkin_enabled", bool("checkin_setting.enabled")),
        ]
        if o["console_setting.api_info_enabled"] == "true" {
            pairs.append(("api_info", json("console_setting.api_info")))
        }
        if o["console_setting.announcements_enabled"] == "true" {
            pairs.append(("announcements", json("console_setting.announcements")))
        }
        if o["console_setting.faq_enabled"] == "true" { pairs.append(("faq", json("console_setting.faq"))) }
        return .object(pairs)
    }
}
