/// `POST /api/channel/tag/disabled|enabled`: set the status of every channel with a tag. Channels
/// already in that status are left alone; a tag that changes nothing appends nothing (success).
public struct SetChannelTagStatus: Command {
    public var operatorInfo: Operator
    public var tag: String
    public var status: Int32

    public init(operator operatorInfo: Operator, tag: String, status: Int32) {
        self.operatorInfo = operatorInfo
        self.tag = tag
        self.status = status
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if tag.isEmpty { throw .parameterError }
        let action = status == ChannelStatus.enabled ? "tag_enable" : "tag_disable"
        let channels = try state.channels(tag: tag).filter { $0.fields.status != status }
        return channels.enumerated().map { (index, channel) -> LedgerEvent in
            var after = channel.fields
            after.status = status
            var event = ChannelChange.event(channel, after: after, action: action, operatorInfo: operatorInfo)
            event.batchIndex = Int32(index)
            event.batchCount = Int32(channels.count)
            event.tag = tag
            return .channelUpdated(event)
        }
    }
}

/// `PUT /api/channel/tag`: edit every channel with a tag; nil fields stay, empty models or
/// groups stay, a different `newTag` renames the tag. Channels the edit leaves as they were get
/// no event, so a tag that matches nothing (or an edit that changes nothing) appends nothing.
public struct EditChannelTag: Command {
    public var operatorInfo: Operator
    public var tag: String
    public var newTag: String?
    public var priority: Int64?
    public var weight: Int64?
    public var modelMapping: String?
    public var models: String?
    public var groups: String?

    public init(
        operator operatorInfo: Operator, tag: String, newTag: String?, priority: Int64?, weight: Int64?,
        modelMapping: String?, models: String?, groups: String?
    ) {
        self.operatorInfo = operatorInfo
        self.tag = tag
        self.newTag = newTag
        self.priority = priority
        self.weight = weight
        self.modelMapping = modelMapping
        self.models = models
        self.groups = groups
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if tag.isEmpty { throw .tagEmpty }
        var edits: [(ChannelSnapshot, Oneledger_V1_ChannelFields)] = []
        for channel in try state.channels(tag: tag) {
            var after = channel.fields
            if let newTag, !newTag.isEmpty { after.tag = newTag }
            if let priority { after.priority = priority }
            if let weight { after.weight = weight }
            if let modelMapping { after.modelMapping = modelMapping }
            if let models, !models.isEmpty { after.models = models }
            if let groups, !groups.isEmpty { after.group = groups }
            try ChannelValidation.check(after)
            if after != channel.fields { edits.append((channel, after)) }
        }
        var events: [LedgerEvent] = []
        for (index, (channel, after)) in edits.enumerated() {
            var event = ChannelChange.event(channel, after: after, action: "tag_edit", operatorInfo: operatorInfo)
            event.batchIndex = Int32(index)
            event.batchCount = Int32(edits.count)
            event.tag = tag
            events.append(.channelUpdated(event))
        }
        return events
    }
}

/// `POST /api/channel/batch/tag`: set (or clear, with "") the tag of many channels.
public struct SetChannelsTag: Command {
    public var operatorInfo: Operator
    public var channelIDs: [Int64]
    public var tag: String

    public init(operator operatorInfo: Operator, channelIDs: [Int64], tag: String) {
        self.operatorInfo = operatorInfo
        self.channelIDs = channelIDs
        self.tag = tag
    }

    public func decide(_ state: some DecisionState, context: CommandContext) throws(LedgerError) -> [LedgerEvent] {
        if channelIDs.isEmpty { throw .parameterError }
        if tag.utf8.count > 255 { throw .invalidInput("tag is too long") }
        var channels: [ChannelSnapshot] = []
        for id in Set(channelIDs).sorted() { if let channel = try state.channel(id: id) { channels.append(channel) } }
        return channels.enumerated().map { (index, channel) -> LedgerEvent in
            var after = channel.fields
            after.tag = tag
            var event = ChannelChange.event(channel, after: after, action: "batch_tag", operatorInfo: operatorInfo)
            event.batchIndex = Int32(index)
            event.batchCount = Int32(channels.count)
            event.tag = tag
            return .channelUpdated(event)
        }
    }
}

/// Builds `ChannelUpdated` events with the before/after pairs of the fields that changed.
enum ChannelChange {
    static func event(
        _ channel: ChannelSnapshot, after: Oneledger_V1_ChannelFields, action: String, operatorInfo: Operator
    ) -> Oneledger_V1_ChannelUpdated {
        var event = Oneledger_V1_ChannelUpdated()
        event.channelID = channel.id
        event.fields = after
        event.operator = operatorInfo.message
        event.action = action
        let b = channel.fields
        let pairs: [(String, String, String)] = [
            ("type", "\(b.type)", "\(after.type)"), ("name", b.name, after.name),
            ("status", "\(b.status)", "\(after.status)"),
            ("models", b.models, after.models), ("group", b.group, after.group),
            ("priority", "\(b.priority)", "\(after.priority)"), ("weight", "\(b.weight)", "\(after.weight)"),
            ("base_url", b.baseURL, after.baseURL), ("tag", b.tag, after.tag),
            ("model_mapping", b.modelMapping, after.modelMapping),
            ("test_model", b.testModel, after.testModel), ("auto_ban", "\(b.autoBan)", "\(after.autoBan)"),
            ("remark", b.remark, after.remark), ("other", b.other, after.other), ("setting", b.setting, after.setting),
            ("param_override", b.paramOverride, after.paramOverride),
            ("header_override", b.headerOverride, after.headerOverride),
            ("status_code_mapping", b.statusCodeMapping, after.statusCodeMapping),
            ("openai_organization", b.openaiOrganization, after.openaiOrganization),
            ("settings", b.settings, after.settings),
            ("other_info", b.otherInfo, after.otherInfo), ("multi_key_mode", b.multiKeyMode, after.multiKeyMode),
        ]
        event.changes = pairs.compactMap { field, old, new in old == new ? nil : change(field, old, new) }
        return event
    }

    static func change(_ field: String, _ before: String, _ after: String) -> Oneledger_V1_FieldChange {
        var change = Oneledger_V1_FieldChange()
        change.field = field
        change.before = before
        change.after = after
        return change
    }
}
