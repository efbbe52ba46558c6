import Engine
import Foundation
import Hummingbird
import Ledger
import NIOCore
import Projections

/// docs/api.md (Setup and status, Public information): the public system routes — status, uptime, notice, about, home page, legal
/// texts, ratio config — and the admin health check `GET /api/status/test`.
struct SystemRoutes: Sendable {
    let options: OptionQueries
    let cache: ReadCache
    let engine: Engine
    let outbound: OutboundClients
    /// `/api/status`'s `version` and its start time (Unix seconds).
    let version: String
    let startTime: Int64

    func register(
        public router: some RouterMethods<GatewayContext>, critical: some RouterMethods<GatewayContext>,
        admin: some RouterMethods<SignedInContext>
    ) {
        router.get("status", use: status)
        router.get("uptime/status", use: uptime)
        router.get("notice") { _, _ in try await text("Notice") }
        router.get("about") { _, _ in try await text("About") }
        router.get("home_page_content") { _, _ in try await text("HomePageContent") }
        router.get("user-agreement") { _, _ in try await text("legal.user_agreement") }
        router.get("privacy-policy") { _, _ in try await text("legal.privacy_policy") }
        critical.get("ratio_config", use: ratioConfig)
        admin.get("status/test", use: test)
    }

    func text(_ key: String) async throws -> Response {
        Envelope.success(try await options.value(key) ?? "")
    }

    @Sendable func status(_ request: Request, context: GatewayContext) async throws -> Response {
        let body = try await cache.status {
            let values = Dictionary(uniqueKeysWithValues: try await options.all().map { ($0.key, $0.value) })
            let setup = try await options.setupStatus()
            let view = StatusView.make(options: values, setUp: setup.setUp, version: version, startTime: startTime)
            return Envelope.successBytes(view)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    @Sendable func uptime(_ request: Request, context: GatewayContext) async throws -> Response {
        let text = try await options.value("console_setting.uptime_kuma_groups") ?? ""
        let groups = (try? JSONDecoder().decode([UptimeKumaProbe.Group].self, from: Data(text.utf8))) ?? []
        guard !groups.isEmpty else { return Envelope.success([JSONValue]()) }
        return Envelope.success(await UptimeKumaProbe(http: try await outbound.http()).status(groups))
    }

    @Sendable func ratioConfig(_ request: Request, context: GatewayContext) async throws -> Response {
        let values = try await options.values([
            "ExposeRatioEnabled", "ModelRatio", "CompletionRatio", "CacheRatio", "CreateCacheRatio", "ModelPrice",
        ])
        guard values["ExposeRatioEnabled"] == "true" else {
            return Envelope.failure("倍率配置接口未启用", status: .forbidden)
        }
        func map(_ key: String) -> JSONValue {
            guard let text = values[key], let data = text.data(using: .utf8),
                let value = try? JSONDecoder().decode(JSONValue.self, from: data)
            else { return .object([]) }
            return value
        }
        return Envelope.success(
            JSONValue.object([
                ("model_ratio", map("ModelRatio")), ("completion_ratio", map("CompletionRatio")),
                ("cache_ratio", map("CacheRatio")), ("create_cache_ratio", map("CreateCacheRatio")),
                ("model_price", map("ModelPrice")),
            ]))
    }

    /// A real check: SQLite answers a query and the ledger's head is readable.
    @Sendable func test(_ request: Request, context: SignedInContext) async throws -> Response {
        do {
            try await engine.checkHealth()
        } catch {
            return Envelope.failure("数据库连接失败", status: .serviceUnavailable)
        }
        return Envelope.json(
            JSONValue.object([
                ("success", .bool(true)), ("message", .string("Server is running")),
                ("http_stats", .object([("active_connections", .int(0))])),
            ]))
    }
}
