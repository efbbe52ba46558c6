/// The `setting` JSON text a new user starts with (docs/api.md, Users (admin)):
/// `gotify_priority` 0 plus a role-based `sidebar_modules` JSON string.
public enum NewUserSetting {
    public static func text(role: Int32) -> String {
        var modules =
            #"{"chat":{"enabled":true,"playground":true,"chat":true},"#
            + #""console":{"enabled":true,"detail":true,"token":true,"log":true,"midjourney":true,"task":true},"#
            + #""personal":{"enabled":true,"topup":true,"personal":true}"#
        if role >= Role.admin {
            let setting = role >= Role.root ? "true" : "false"
            modules +=
                #","admin":{"enabled":true,"channel":true,"models":true,"redemption":true,"user":true,"setting":"#
                + setting + "}"
        }
        modules += "}"
        return SettingJSON.encode(["gotify_priority": .int(0), "sidebar_modules": .string(modules)])
    }
}

/// Reads and writes the user `setting` JSON text with sorted keys, so the same change always
/// gives the same text.
public enum SettingJSON {
    /// The members of a setting text; none when it is not a JSON object.
    public static func decode(_ text: String) -> [String: JSONValue] {
        JSONValue(parsing: text)?.members ?? [:]
    }

    public static func encode(_ members: [String: JSONValue]) -> String {
        JSONValue(members).jsonText()
    }
}
