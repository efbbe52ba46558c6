import Engine
import Foundation
import Hummingbird
import Ledger

/// `POST /api/ledger/tasks` (docs/api.md): a relay reports Midjourney and async tasks, one
/// report or an array of up to 1,000, by ingest key or as root. The first report of a task
/// creates it; later ones update it; one that changes nothing appends nothing.
struct TaskReportRoutes: Sendable {
    let commands: CommandRunner

    func register(on router: some RouterMethods<GatewayContext>) {
        router.post("tasks", use: report)
    }

    @Sendable func report(_ request: Request, context: GatewayContext) async throws -> Response {
        var request = request
        let json = try await request.decodeJSON(JSONValue.self, context: context)
        let objects: [[String: JSONValue]]
        if let one = json.members {
            objects = [one]
        } else if case .array(let items) = json, !items.isEmpty, case let many = items.compactMap(\.members),
            many.count == items.count
        {
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
    static func report(_ object: [String: JSONValue]) -> Oneledger_V1_TaskReported {
        func text(_ key: String) -> String {
            switch object[key] {
            case .string(let value): value
            case .int(let value): String(value)
            case .double(let value): String(value)
            default: ""
            }
        }
        func number(_ key: String) -> Int64 {
            switch object[key] {
            case .int(let value): value
            case .double(let value): Int64(exactly: value.rounded(.towardZero)) ?? 0
            case .string(let value): Int64(value) ?? 0
            default: 0
            }
        }
        func jsonText(_ key: String) -> String {
            guard let value = object[key] else { return "" }
            if case .string(let string) = value { return string }
            return value.isStructure ? value.jsonText() : ""
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
