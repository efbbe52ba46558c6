import Foundation
import Ledger

/// Reads Uptime Kuma status pages for `GET /api/uptime/status` (docs/api.md, Setup and status, Public information): for
/// each configured group `{categoryName, url, slug}`, the page's monitors with their 24-hour
/// uptime and latest heartbeat status. A group whose page cannot be read has no monitors.
struct UptimeKumaProbe: Sendable {
    /// The client, with its deadline per request to a status page and the SSRF guard.
    var http: OutboundHTTP

    /// One group as the option `console_setting.uptime_kuma_groups` holds it.
    struct Group: Decodable, Sendable {
        var categoryName: String?
        var url: String?
        var slug: String?
    }

    /// The `data` of `GET /api/uptime/status`, in the order of `groups`.
    func status(_ groups: [Group]) async -> [JSONValue] {
        await withTaskGroup(of: (Int, JSONValue).self) { tasks in
            for (index, group) in groups.enumerated() {
                tasks.addTask { (index, await self.result(group)) }
            }
            var results = [JSONValue](repeating: .null, count: groups.count)
            for await (index, value) in tasks { results[index] = value }
            return results
        }
    }

    private struct StatusPage: Decodable {
        struct PublicGroup: Decodable {
            struct Monitor: Decodable {
                var id: Int
                var name: String
            }
            var name: String
            var monitorList: [Monitor]?
        }
        var publicGroupList: [PublicGroup]?
    }

    private struct Heartbeats: Decodable {
        struct Beat: Decodable { var status: Int }
        var heartbeatList: [String: [Beat]]?
        var uptimeList: [String: Double]?
    }

    private func result(_ group: Group) async -> JSONValue {
        var monitors: [JSONValue] = []
        if let url = group.url, let slug = group.slug, !url.isEmpty, !slug.isEmpty {
            let base = url.hasSuffix("/") ? String(url.dropLast()) : url
            async let page: StatusPage? = fetch(base + "/api/status-page/" + slug)
            async let beats: Heartbeats? = fetch(base + "/api/status-page/heartbeat/" + slug)
            if case (let page?, let beats?) = await (page, beats) {
                for publicGroup in page.publicGroupList ?? [] {
                    for monitor in publicGroup.monitorList ?? [] {
                        let id = String(monitor.id)
                        let uptime = beats.uptimeList?[id + "_24"] ?? 0
                        // Uptime Kuma lists heartbeats oldest first: the last one is the current status.
                        let status = beats.heartbeatList?[id]?.last?.status ?? 0
                        monitors.append(
                            .object([
                                ("name", .string(monitor.name)), ("uptime", .double(uptime)),
                                ("status", .int(Int64(status))),
                                ("group", .string(publicGroup.name)),
                            ]))
                    }
                }
            }
        }
        return .object([("categoryName", .string(group.categoryName ?? "")), ("monitors", .array(monitors))])
    }

    /// GETs `address` and decodes its JSON; nil on any failure or a status other than 200.
    private func fetch<Value: Decodable>(_ address: String) async -> Value? {
        try? await http.getJSON(address, as: Value.self)
    }
}
