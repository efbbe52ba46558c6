/// `PUT /api/option/` (root): set one option to a string value, after the per-key guards of
/// docs/api.md, Options (root). Keys that look secret are recorded as `SecretOptionUpdated`; both
/// events carry the previous value (a secret one only as a marker).
public struct UpdateOption: Command {
    public var operatorInfo: Operator
    public var key: String
    public var value: String
    /// A secret key's non-empty value, sealed by the gateway: the event carries only this.
    public var sealedValue: [UInt8]?

    public init(
        operator operatorInfo: Operator, key: String, value: String,
        sealedValue: [UInt8]? = nil
    ) {
        self.operatorInfo = operatorInfo
        self.key = key
        self.value = value
        self.sealedValue = sealedValue
    }

    /// Keys whose value must be JSON (the ratio tables are checked more strictly by `RatioTable`).
    static let jsonKeys: Set<String> = [
        "ModelRequestRateLimitGroup", "AutomaticDisableStatusCodes", "AutomaticRetryStatusCodes",
        "console_setting.api_info", "console_setting.announcements", "console_setting.faq",
        "console_setting.uptime_kuma_groups", "UserUsableGroups",
    ]

    /// Keys every displayed amount divides or multiplies by: a finite number above zero.
    static let positiveNumberKeys: Set<String> = [
        "QuotaPerUnit", "USDExchangeRate", "general_setting.custom_currency_exchange_rate",
    ]

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if key.isEmpty || key.utf8.count > 128 { throw .invalidParameters }
        if key.hasPrefix("payment_setting.compliance_") { throw .complianceFieldsReadOnly }
        if key == "theme.frontend", value != "default", value != "classic" {
            throw .invalidFrontendTheme
        }
        if value == "true" { try checkSwitch(state) }
        if Self.positiveNumberKeys.contains(key) {
            guard let number = Double(value), number.isFinite, number > 0 else {
                throw .optionNotPositiveNumber(key: key)
            }
        }
        // Log retention (the engine's `LogRetention`): whole days, 0 keeps the log forever.
        if key == "LogRetentionDays", UInt32(value) == nil {
            throw .invalidInput("LogRetentionDays must be a whole number of days (0 keeps logs forever)")
        }
        if RatioTable.optionKeys.contains(key) {
            try RatioTable.check(key: key, value: value)
        } else if Self.jsonKeys.contains(key), !value.isEmpty {
            guard JSONValue(parsing: value)?.isStructure == true else {
                throw .optionNotJSON(key: key)
            }
        }
        return [try OptionChange.updated(key, to: value, sealed: sealedValue, by: operatorInfo, state: state)]
    }

    /// Turning on a login provider or check needs its configuration first.
    private func checkSwitch(_ state: some DecisionState) throws(LedgerError) {
        guard let option = OptionSwitch(rawValue: key) else { return }
        for required in option.requiredOptions where (try state.option(required) ?? "").isEmpty {
            throw .switchNeedsConfiguration(option)
        }
    }
}
