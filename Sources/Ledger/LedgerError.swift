/// Every refusal a command can meet, each with the contract's English message.
public enum LedgerError: Error, Sendable, Equatable {
    case alreadySetUp
    case setupUsernameTooLong
    case setupPasswordMismatch
    case setupPasswordTooShort
    case registrationDisabled
    case passwordRegistrationDisabled
    case invalidParameters
    /// The validator's refusal; the detail is the validator text.
    case invalidInput(String)
    case usernameTaken
    case userNotFound
    case recordNotFound
    case cannotCreateEqualOrHigher
    case noPermissionUpdate
    case noPermissionUpdateHigher
    case noPermissionGet
    case cannotDisableRoot
    case cannotDeleteRoot
    case cannotDeleteRootSelf
    case onlyRootPromotes
    case alreadyAdmin
    case cannotDemoteRoot
    case alreadyCommonUser
    case quotaChangeZero
    case quotaOutOfRange
    case quotaOverflow
    case duplicateUsername
    case loginFailed
    case complianceFieldsReadOnly
    case invalidFrontendTheme
    /// An option whose value must be JSON got something else.
    case optionNotJSON(key: String)
    /// A unit or exchange rate that is not a finite number above zero (every amount divides by it).
    case optionNotPositiveNumber(key: String)
    /// A login or check switch turned on before its configuration was filled in.
    case switchNeedsConfiguration(OptionSwitch)
    case ratioTableNotAnObject(key: String)
    case negativeGroupRatio(name: String)
    case negativeRatio(key: String, name: String)
    /// No fresh invitation code was left among the candidates.
    case affCodeCollision
    case tokenNameTooLong
    case quotaNegative
    case quotaTooLarge
    case tokenLimitReached(Int64)
    case tokenExpiredCannotEnable
    case tokenExhaustedCannotEnable
    case redemptionNameLength
    case redemptionCountTooSmall
    case redemptionCountTooLarge
    case expiryInPast
    case redemptionInvalid
    case redemptionUsed
    case redemptionExpired
    case parameterError
    case tagEmpty
    case noChannels
    case channelNotFound
    case channelNotMultiKey
    /// Another command changed the channel's keys between the gateway's read and the decision.
    case channelKeysChanged
    case keyIndexMissing(ManageChannelKeys.Action)
    case keyIndexOutOfRange
    case noKeyToDisable
    case cannotDeleteLastKey
    case noDisabledKeyToDelete
    case modelNameTooLong(String)
    /// The channel's `setting` is not a JSON object; `reason` says what the parser found.
    case invalidChannelSetting(reason: String)
    case newAPIBaseURLEmpty
    case vertexRegionsEmpty
    case vertexRegionsNotJSON
    case vertexRegionsWithoutDefault
    /// A Vertex AI key list that is not a JSON array; `prefix` leads the text (e.g. for appends).
    case vertexKeysNotJSONArray(prefix: String, reason: String)
    case codexKeyNotJSON
    case codexKeyMissing(field: String)
    /// A usage batch was refused because of one record: its index and the reason.
    case usageRecordRefused(index: Int, reason: String)
    /// A field of a reservation request is out of its range; the text says which and why.
    case invalidField(String)
    case insufficientUserQuota
    case insufficientTokenQuota
    /// A reservation's token or user cannot be billed, as New API's relay refuses them.
    case reservationRefused(ReservationRefusal)
    case reservationNotFound
    /// A reservation's request id was already recorded or reserved.
    case requestIDUsed
    /// The decision could not read the current state (a read model failed).
    case stateUnavailable(String)
    case emailTaken
    case resetLinkInvalid
    case topUpOrderFailed
    case topUpOrderNotFound
    /// Less than one unit; the text is the rendered minimum.
    case affTransferTooSmall(String)
    case affQuotaInsufficient
    // Third-party sign-in.
    case userBanned
    case userDeleted
    case accountAlreadyBound(UserBinding)
    case accountNotBound(UserBinding)
}

extension LedgerError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .alreadySetUp: "系统已经初始化完成"
        case .setupUsernameTooLong: "用户名长度不能超过12个字符"
        case .setupPasswordMismatch: "两次输入的密码不一致"
        case .setupPasswordTooShort: "密码长度至少为8个字符"
        case .registrationDisabled: "New user registration has been disabled by administrator"
        case .passwordRegistrationDisabled:
            "Password registration has been disabled by administrator, please use third-party account verification"
        case .invalidParameters: "Invalid parameters"
        case .invalidInput(let detail): detail.isEmpty ? "Invalid input" : "Invalid input \(detail)"
        case .usernameTaken: "Username already exists or has been deleted"
        case .userNotFound: "User does not exist"
        case .recordNotFound: "record not found"
        case .cannotCreateEqualOrHigher: "Cannot create users with permission level equal to or higher than yourself"
        case .noPermissionUpdate: "No permission to update users of same or higher permission level"
        case .noPermissionUpdateHigher: "No permission to update users of same or higher permission level"
        case .noPermissionGet: "No permission to access users of same or higher level"
        case .cannotDisableRoot: "Cannot disable super administrator user"
        case .cannotDeleteRoot: "Cannot delete super administrator account"
        case .cannotDeleteRootSelf: "Cannot delete super administrator account"
        case .onlyRootPromotes: "Regular administrators cannot promote other users to administrator"
        case .alreadyAdmin: "This user is already an administrator"
        case .cannotDemoteRoot: "Cannot demote super administrator user"
        case .alreadyCommonUser: "This user is already a common user"
        case .quotaChangeZero: "Quota change amount cannot be zero"
        case .quotaOutOfRange: "quota must be an integer from 0 to 1000000000000000"
        case .quotaOverflow: "quota would overflow"
        case .duplicateUsername: "Username already exists or has been deleted"
        case .loginFailed: "Username or password is incorrect, or user has been banned"
        case .complianceFieldsReadOnly: "合规确认字段不允许通过通用设置接口修改"
        case .invalidFrontendTheme: "theme.frontend must be default or classic"
        case .optionNotJSON(let key): "\(key) is not valid JSON"
        case .optionNotPositiveNumber(let key): "\(key) must be a number greater than 0"
        case .switchNeedsConfiguration(let option): option.refusal
        case .ratioTableNotAnObject(let key): "\(key) must be a JSON object mapping names to numbers"
        case .negativeGroupRatio(let name): "group ratio must be not less than 0: \(name)"
        case .negativeRatio(let key, let name): "\(key): the value of \(name) must be a number not less than 0"
        case .affCodeCollision: "Please retry, the system generated a duplicate UUID!"
        case .tokenNameTooLong: "Token name is too long"
        case .quotaNegative: "Quota value cannot be negative"
        case .quotaTooLarge: "Quota value exceeds valid range, maximum is \(QuotaLimits.maxRequestAmount)"
        case .tokenLimitReached(let limit): "已达到最大令牌数量限制 (\(limit))"
        case .tokenExpiredCannotEnable:
            "Token has expired and cannot be enabled. Please modify the expiration time or set it to never expire"
        case .tokenExhaustedCannotEnable:
            "Token quota is exhausted and cannot be enabled. Please modify the remaining quota or set it to unlimited"
        case .redemptionNameLength: "Redemption code name length must be between 1-20"
        case .redemptionCountTooSmall: "Redemption code count must be greater than 0"
        case .redemptionCountTooLarge: "Maximum 100 redemption codes can be generated at once"
        case .expiryInPast: "Expiration time cannot be earlier than current time"
        case .redemptionInvalid: "invalid redemption code"
        case .redemptionUsed: "redemption code already used"
        case .redemptionExpired: "redemption code expired"
        case .parameterError: "参数错误"
        case .tagEmpty: "tag不能为空"
        case .noChannels: "channel cannot be empty"
        case .channelNotFound: "渠道不存在"
        case .channelNotMultiKey: "该渠道不是多密钥模式"
        case .channelKeysChanged: "the channel's keys changed meanwhile, please retry"
        case .keyIndexMissing(.enableKey): "未指定要启用的密钥索引"
        case .keyIndexMissing(.deleteKey): "未指定要删除的密钥索引"
        case .keyIndexMissing: "未指定要禁用的密钥索引"
        case .keyIndexOutOfRange: "密钥索引超出范围"
        case .noKeyToDisable: "没有可禁用的密钥"
        case .cannotDeleteLastKey: "不能删除最后一个密钥"
        case .noDisabledKeyToDelete: "没有需要删除的自动禁用密钥"
        case .modelNameTooLong(let model): "模型名称过长: \(model)"
        case .invalidChannelSetting(let reason): "渠道额外设置[channel setting] 格式错误：\(reason)"
        case .newAPIBaseURLEmpty: "New API channel base URL cannot be empty"
        case .vertexRegionsEmpty: "部署地区不能为空"
        case .vertexRegionsNotJSON: #"部署地区必须是标准的Json格式，例如{"default": "us-central1", "region2": "us-east1"}"#
        case .vertexRegionsWithoutDefault: "部署地区必须包含default字段"
        case .vertexKeysNotJSONArray(let prefix, let reason):
            prefix + "批量添加 Vertex AI 必须使用标准的JsonArray格式，例如[{key1}, {key2}...]，请检查输入: \(reason)"
        case .codexKeyNotJSON: "Codex key must be a valid JSON object"
        case .codexKeyMissing(let field): "Codex key JSON must include \(field)"
        case .usageRecordRefused(let index, let reason): "record \(index): \(reason)"
        case .invalidField(let reason): reason
        case .insufficientUserQuota: "insufficient user quota"
        case .insufficientTokenQuota: "insufficient token quota"
        case .reservationRefused(let refusal): refusal.description
        case .reservationNotFound: "reservation not found or already closed"
        case .requestIDUsed: "request_id already used"
        case .stateUnavailable: "Database error, please contact the administrator"
        case .emailTaken: "Email address is already in use"
        case .resetLinkInvalid: "Password reset link is invalid or has expired"
        case .topUpOrderFailed: "创建订单失败"
        case .topUpOrderNotFound: "order not found"
        case .affTransferTooSmall(let minimum): "Transfer failed 转移额度最小为\(minimum)！"
        case .affQuotaInsufficient: "Transfer failed 邀请额度不足！"
        case .userBanned: "User has been banned"
        case .userDeleted: "User has been deleted"
        case .accountAlreadyBound(let binding): binding.alreadyBound
        case .accountNotBound(.telegram): "该 Telegram 账户未绑定"
        case .accountNotBound(let binding): "This \(binding.displayName) account is not bound to any user"
        }
    }
}
