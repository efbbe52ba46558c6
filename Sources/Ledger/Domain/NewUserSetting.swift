import Foundation

/// The `setting` JSON text a new user starts with (users-auth-options.md §4):
/// `gotify_priority` 0 plus a role-based `sidebar_modules` JSON string.
public enum NewUserSetting {
    public static func text(role: Int32) -> String {
        var modules = #"{"chat":{"enabled":true,"playground":true,"chat":true},"#
            + #""console":{"enabled":true,"detail":true,"token":true,"log":true,"midjourney":true,"task":true},"#
            + #""personal":{"enabled":true,"topup":true,"personal":true}"#
        if role >= Role.admin {
            let setting = role >= Role.root ? "true" : "false"
            modules += #","admin":{"enabled":true,"channel":true,"models":true,"redemption":true,"user":true,"setting":"#
                + setting + "}"
        }
        modules += "}"
        return SettingJSON.encode(["gotify_priority": 0, "sidebar_modules": modules])
    }
}

/// Reads and writes the user `setting` JSON text with sorted keys, so the same change always
/// gives the same text.
public enum SettingJSON {
    public static func decode(_ text: String) -> [String: Any] {
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    public static func encode(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
