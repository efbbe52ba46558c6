// The events of Midjourney and async tasks, on their owner's `user:<id>` stream (`task.proto`).

extension Oneledger_V1_TaskReported: LedgerPayload {
    public static let wireName = "TaskReported"
    public var stream: EventStream { .user(userID) }
    public var entities: [EntityRef] { channelID == 0 ? [.user(userID)] : [.user(userID), .channel(channelID)] }
}
