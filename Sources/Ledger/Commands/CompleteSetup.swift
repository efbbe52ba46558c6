/// `POST /api/setup`: create root (when none exists), store the two mode switches and mark
/// the system initialized.
public struct CompleteSetup: Command {
    public var username: String
    public var passwordHash: String
    public var selfUseModeEnabled: Bool
    public var demoSiteEnabled: Bool
    public var version: String

    public init(
        username: String, passwordHash: String, selfUseModeEnabled: Bool, demoSiteEnabled: Bool, version: String
    ) {
        self.username = username
        self.passwordHash = passwordHash
        self.selfUseModeEnabled = selfUseModeEnabled
        self.demoSiteEnabled = demoSiteEnabled
        self.version = version
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if try state.isSetUp() { throw .alreadySetUp }
        var events: [LedgerEvent] = []
        var rootID: Int64 = 0
        if try !state.rootExists() {
            if try state.userID(username: username) != nil { throw .usernameTaken }
            rootID = try state.maxUserID() + 1
            var root = Oneledger_V1_UserRegistered()
            root.userID = rootID
            root.username = username
            root.passwordHash = passwordHash
            root.displayName = "Root User"
            root.role = Role.root
            root.status = UserStatus.enabled
            root.group = "default"
            root.quota = 100_000_000
            root.setting = NewUserSetting.text(role: Role.root)
            root.createdAt = context.seconds
            root.via = "setup"
            events.append(.userRegistered(root))
        }
        for (key, value) in [("SelfUseModeEnabled", selfUseModeEnabled), ("DemoSiteEnabled", demoSiteEnabled)] {
            events.append(try OptionChange.updated(key, to: value ? "true" : "false", by: nil, state: state))
        }
        var setup = Oneledger_V1_SetupCompleted()
        setup.rootUserID = rootID
        setup.version = version
        setup.initializedAt = context.seconds
        events.append(.setupCompleted(setup))
        return events
    }
}
