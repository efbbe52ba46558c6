import GRDB
import Ledger

extension LogsProjection {
    /// The manage entries (type 3) of channel events, with New API's English templates
    /// A batch writes one entry, on its first event; every event keeps its own before/after.
    static func applyChannels(_ recorded: RecordedEvent, _ writer: LogWriter) throws {
        switch recorded.event {
        case .channelCreated(let e) where e.copiedFrom != 0:
            try writer.manage(
                e.operator,
                content: "Copied channel (source ID: \(e.copiedFrom)) to \(e.fields.name) (new ID: \(e.channelID))",
                action: "channel.copy", extra: ["source_id": .int(e.copiedFrom), "channel_id": .int(e.channelID)])
        case .channelCreated(let e) where e.batchIndex == 0:
            try writer.manage(
                e.operator, content: "Created channel \(e.fields.name) (type \(e.fields.type), count \(e.batchCount))",
                action: "channel.create",
                extra: ["first_channel_id": .int(e.channelID), "count": .int(Int64(e.batchCount))])
        case .channelUpdated(let e) where e.action == "update":
            try writer.manage(
                e.operator, content: "Updated channel \(e.fields.name) (ID: \(e.channelID))", action: "channel.update",
                extra: ["channel_id": .int(e.channelID), "changes": LogWriter.changes(e.changes)])
        case .channelUpdated(let e) where e.batchIndex == 0:
            let content =
                switch e.action {
                case "tag_disable": "Disabled channels with tag \(e.tag)"
                case "tag_enable": "Enabled channels with tag \(e.tag)"
                case "tag_edit": "Edited channels with tag \(e.tag)"
                default: "Batch set tag for \(e.batchCount) channels"
                }
            try writer.manage(
                e.operator, content: content, action: "channel.\(e.action)",
                extra: ["tag": .string(e.tag), "count": .int(Int64(e.batchCount))])
        case .channelDeleted(let e) where e.action == "delete":
            try writer.manage(
                e.operator, content: "Deleted channel \(e.name) (ID: \(e.channelID))", action: "channel.delete",
                extra: ["channel_id": .int(e.channelID)])
        case .channelDeleted(let e) where e.batchIndex == 0:
            let content =
                e.action == "delete_batch"
                ? "Batch deleted \(e.batchCount) channels" : "Deleted all disabled channels (\(e.batchCount))"
            try writer.manage(
                e.operator, content: content, action: "channel.\(e.action)",
                extra: ["count": .int(Int64(e.batchCount))])
        case .channelKeyViewed(let e):
            try writer.manage(
                e.operator, content: "Viewed channel key \(e.name) (ID: \(e.channelID))", action: "channel.key_view",
                extra: ["channel_id": .int(e.channelID)])
        case .channelKeysManaged(let e):
            try writer.manage(
                e.operator, content: "Multi-key management \(e.action) on channel (ID: \(e.channelID))",
                action: "channel.multi_key_manage",
                extra: [
                    "channel_id": .int(e.channelID), "action": .string(e.action), "key_index": .int(Int64(e.keyIndex)),
                    "count": .int(Int64(e.count)),
                ])
        case .abilitiesRebuilt(let e):
            try writer.manage(
                e.operator, content: "POST /api/channel/fix", action: "channel.fix",
                extra: ["channels": .int(Int64(e.channels))])
        default:
            break
        }
    }
}
