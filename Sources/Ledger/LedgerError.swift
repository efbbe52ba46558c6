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
    case optionRefused(String)
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
    /// The decision could not read the current state (a read model failed).
    case stateUnavailable(String)
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
        case .optionRefused(let message): message
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
        case .stateUnavailable: "Database error, please contact the administrator"
        }
    }
}
