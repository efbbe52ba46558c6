/// `POST /api/user/manage` (admin): disable, enable, delete, promote, demote, or adjust quota
/// (`add_quota` with mode add / subtract / override).
public struct ManageUser: Command {
    public enum Action: Sendable, Equatable {
        case disable, enable, delete, promote, demote
        case addQuota(mode: String, value: Int64)
    }

    public var operatorInfo: Operator
    public var userID: Int64
    public var action: Action

    public init(operator operatorInfo: Operator, userID: Int64, action: Action) {
        self.operatorInfo = operatorInfo
        self.userID = userID
        self.action = action
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        guard let user = try state.user(id: userID) else { throw .userNotFound }
        if !operatorInfo.mayManage(user) { throw .noPermissionUpdateHigher }
        switch action {
        case .disable:
            if user.role == Role.root { throw .cannotDisableRoot }
            return [status(user, to: UserStatus.disabled, action: "disable")]
        case .enable:
            return [status(user, to: UserStatus.enabled, action: "enable")]
        case .delete:
            if user.role == Role.root { throw .cannotDeleteRoot }
            var event = Oneledger_V1_UserDeleted()
            event.userID = user.id
            event.username = user.username
            event.operator = operatorInfo.message
            return [.userDeleted(event)]
        case .promote:
            if operatorInfo.role != Role.root { throw .onlyRootPromotes }
            if user.role >= Role.admin { throw .alreadyAdmin }
            return [role(user, to: Role.admin, action: "promote")]
        case .demote:
            if user.role == Role.root { throw .cannotDemoteRoot }
            if user.role == Role.common { throw .alreadyCommonUser }
            return [role(user, to: Role.common, action: "demote")]
        case .addQuota(let mode, let value):
            return [try quota(user, mode: mode, value: value, text: state.quotaText())]
        }
    }

    private func status(_ user: UserSnapshot, to status: Int32, action: String) -> LedgerEvent {
        var event = Oneledger_V1_UserStatusChanged()
        event.userID = user.id
        event.statusBefore = user.status
        event.statusAfter = status
        event.action = action
        event.username = user.username
        event.operator = operatorInfo.message
        return .userStatusChanged(event)
    }

    private func role(_ user: UserSnapshot, to role: Int32, action: String) -> LedgerEvent {
        var event = Oneledger_V1_UserRoleChanged()
        event.userID = user.id
        event.roleBefore = user.role
        event.roleAfter = role
        event.action = action
        event.username = user.username
        event.operator = operatorInfo.message
        return .userRoleChanged(event)
    }

    private func quota(_ user: UserSnapshot, mode: String, value: Int64, text: QuotaText) throws(LedgerError)
        -> LedgerEvent
    {
        let after: Int64
        switch mode {
        case "add", "subtract":
            if value <= 0 { throw .quotaChangeZero }
            if value > QuotaLimits.maxRequestAmount { throw .quotaOutOfRange }
            let (result, overflow) =
                mode == "add"
                ? user.quota.addingReportingOverflow(value) : user.quota.subtractingReportingOverflow(value)
            if overflow { throw .quotaOverflow }
            after = result
        case "override":
            if value < 0 || value > QuotaLimits.maxRequestAmount { throw .quotaOutOfRange }
            after = value
        default:
            throw .invalidParameters
        }
        var event = Oneledger_V1_UserQuotaAdjusted()
        event.userID = user.id
        event.mode = mode
        event.amount = value
        event.quotaBefore = user.quota
        event.quotaAfter = after
        event.username = user.username
        event.operator = operatorInfo.message
        event.logAmount = text.render(value)
        event.logBefore = text.render(user.quota)
        event.logAfter = text.render(after)
        return .userQuotaAdjusted(event)
    }
}
