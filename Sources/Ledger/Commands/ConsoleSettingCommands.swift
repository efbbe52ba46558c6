/// `POST /api/option/rest_model_ratio` (root): `ModelRatio` back to the built-in table.
public struct ResetModelRatio: Command {
    public var operatorInfo: Operator

    public init(operator operatorInfo: Operator) { self.operatorInfo = operatorInfo }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        let table = DefaultRatios.values["ModelRatio"] ?? "{}"
        return [try OptionChange.updated("ModelRatio", to: table, by: operatorInfo, state: state)]
    }
}

/// `POST /api/option/migrate_console_setting` (root): moves the legacy keys `ApiInfo`,
/// `Announcements`, `FAQ`, `UptimeKumaUrl` / `UptimeKumaSlug` into `console_setting.*` and
/// removes them.
public struct MigrateConsoleSetting: Command {
    public var operatorInfo: Operator

    public init(operator operatorInfo: Operator) { self.operatorInfo = operatorInfo }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        var events: [LedgerEvent] = []
        let moves = [
            ("ApiInfo", "console_setting.api_info"), ("Announcements", "console_setting.announcements"),
            ("FAQ", "console_setting.faq"),
        ]
        for (old, new) in moves {
            guard let value = try state.storedOption(old) else { continue }
            if !value.isEmpty {
                events.append(try OptionChange.updated(new, to: value, by: operatorInfo, state: state))
            }
            events.append(try OptionChange.removed(old, by: operatorInfo, state: state))
        }
        let url = try state.storedOption("UptimeKumaUrl")
        let slug = try state.storedOption("UptimeKumaSlug")
        if let url, let slug, !url.isEmpty, !slug.isEmpty {
            let group = JSONValue([
                "id": .int(1), "categoryName": .string("legacy"), "url": .string(url), "slug": .string(slug),
                "description": .string(""),
            ]).jsonText()
            events.append(
                try OptionChange.updated(
                    "console_setting.uptime_kuma_groups", to: "[\(group)]", by: operatorInfo, state: state))
        }
        if url != nil { events.append(try OptionChange.removed("UptimeKumaUrl", by: operatorInfo, state: state)) }
        if slug != nil { events.append(try OptionChange.removed("UptimeKumaSlug", by: operatorInfo, state: state)) }
        return events
    }
}

/// `PUT /api/user/setting`: the caller's notification settings replace the whole setting JSON
/// (New API keeps only the notification fields; the gateway validated and encoded them).
public struct ReplaceOwnSetting: Command {
    public var userID: Int64
    public var setting: String

    public init(userID: Int64, setting: String) {
        self.userID = userID
        self.setting = setting
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID), !user.deleted else { throw .recordNotFound }
        var event = Oneledger_V1_UserSettingChanged()
        event.userID = user.id
        event.setting = setting
        return [.userSettingChanged(event)]
    }
}
