import Engine
import Foundation
import Hummingbird
import Ledger

/// `POST /api/ledger/tasks` (CONTRACT.md): a relay reports Midjourney and async tasks, one
/// report or an array of up to 1,000, by ingest key or as root. The first report of a task
/// creates it; later ones update it; one that changes nothing appends nothing.
struct TaskReportRoutes: Sendable {
    let commands: CommandRunner

    func register(on router: some RouterMethods<GatewayContext>) {
        router.post("tasks", use: report)
    }

    @Sendable func report(_ request: Request, context: GatewayContext) async throws -> Response {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let json = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
        let objects: [[String: Any]]
        if let one = json as? [String: Any] {
            objects = [one]
        } else if let many = json as? [[String: Any]], !many.isEmpty {
            objects = many
        } else {
            throw APIError.invalidParameters
        }
        if objects.count > 1000 { throw APIError.refused("at most 1000 reports per request") }
        let reports = objects.map(Self.report)
        let events = try await commands.run(ReportTasks(reports: reports), context)
        return Envelope.success(["recorded": events.count, "unchanged": reports.count - events.count])
    }

    /// One report's fields, read leniently: numbers may be strings, JSON fields may be values.
    static func report(_ object: [String: Any]) -> Oneledger_V1_TaskReported {
        func text(_ key: String) -> String {
            switch object[key] {
            case let value as String: value
            case let value as NSNumber: value.stringValue
            default: ""
            }
        }
        func number(_ key: String) -> Int64 {
            switch object[key] {
            case let value as NSNumber: value.int64Value
            case let value as String: Int64(value) ?? 0
            default: 0
            }
        }
        func jsonText(_ key: String) -> String {
            guard let value = object[key], !(value is NSNull) else { return "" }
            if let string = value as? String { return string }
            guard JSONSerialization.isValidJSONObject(value),
                let data = try? JSONSerialization.data(
                    withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
            else { return "" }
            return String(decoding: data, as: UTF8.self)
        }
        var r = Oneledger_V1_TaskReported()
        let isMidjourney = text("kind") == "mj" || (text("kind").isEmpty && object["mj_id"] != nil)
        r.kind = text("kind").isEmpty ? (isMidjourney ? "mj" : "task") : text("kind")
        r.taskID = isMidjourney && !text("mj_id").isEmpty ? text("mj_id") : text("task_id")
        r.userID = number("user_id")
        r.channelID = number("channel_id")
        r.tokenID = number("token_id")
        r.platform = text("platform")
        r.action = text("action")
        r.status = text("status")
        r.failReason = text("fail_reason")
        r.progress = text("progress")
        r.submitTime = number("submit_time")
        r.startTime = number("start_time")
        r.finishTime = number("finish_time")
        r.quota = number("quota")
        r.group = text("group")
        r.resultURL = isMidjourney && !text("image_url").isEmpty ? text("image_url") : text("result_url")
        r.properties = jsonText("properties")
        r.data = jsonText("data")
        r.code = number("code")
        r.prompt = text("prompt")
        r.promptEn = text("prompt_en")
        r.description_p = text("description")
        r.state = text("state")
        r.videoURL = text("video_url")
        r.videoUrls = jsonText("video_urls")
        r.buttons = jsonText("buttons")
        return r
    }
}
