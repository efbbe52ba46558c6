import Foundation
import Hummingbird
import Ledger
import Projections

/// Contract §2: `GET /api/pricing`, behind `HeaderNavModuleAuth("pricing")`. Models come from
/// the abilities read model of the channel issue; until then the list is empty while the group
/// facts (ratios, usable groups, auto groups) are real.
struct PricingRoutes: Sendable {
    let services: GatewayServices
    let authenticate: Authenticate

    func register(on router: some RouterMethods<GatewayContext>) {
        router.get("pricing", use: pricing)
    }

    @Sendable func pricing(_ request: Request, context: GatewayContext) async throws -> Response {
        let values = try await services.options.values(["HeaderNavModules", "AutoGroups"])
        switch Self.module(values["HeaderNavModules"] ?? "", name: "pricing") {
        case .disabled:
            return Envelope.failure("pricing is disabled", status: .forbidden)
        case .requireAuth:
            return try await authenticate.handle(request, context: context) { _, context in
                try await answer(context.caller, autoGroups: values["AutoGroups"])
            }
        case .open:
            return try await answer(nil, autoGroups: values["AutoGroups"])
        }
    }

    private func answer(_ caller: Caller?, autoGroups: String?) async throws -> Response {
        let usable = try await GroupsView.usable(services.options, userGroup: caller?.user.group)
        var ratios: [(String, JSONValue)] = []
        var descriptions: [(String, JSONValue)] = []
        if case .object(let groups) = usable {
            for (name, info) in groups {
                guard case .object(let fields) = info else { continue }
                for (key, value) in fields where key == "ratio" { ratios.append((name, value)) }
                for (key, value) in fields where key == "desc" { descriptions.append((name, value)) }
            }
        }
        let auto = (autoGroups?.data(using: .utf8)).flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
        return Envelope.json(
            JSONValue.object([
                ("success", .bool(true)), ("data", .array([])), ("vendors", .array([])),
                ("group_ratio", .object(ratios)), ("usable_group", .object(descriptions)),
                ("supported_endpoint", .object([])), ("auto_groups", auto ?? .array([])),
                ("pricing_version", .string("oneledger-1")),
            ]))
    }

    enum Module { case open, requireAuth, disabled }

    /// Reads one entry of `HeaderNavModules`: a bool, "true"/"1", or {enabled, requireAuth};
    /// missing or invalid means enabled without auth.
    static func module(_ text: String, name: String) -> Module {
        guard let data = text.data(using: .utf8), case .object(let pairs)? = try? JSONDecoder().decode(JSONValue.self, from: data),
            let entry = pairs.first(where: { $0.0 == name })?.1
        else { return .open }
        switch entry {
        case .bool(let enabled): return enabled ? .open : .disabled
        case .string(let text): return text == "true" || text == "1" ? .open : .disabled
        case .object(let fields):
            let enabled = fields.first { $0.0 == "enabled" }?.1 ?? .bool(true)
            if enabled == .bool(false) { return .disabled }
            return fields.first { $0.0 == "requireAuth" }?.1 == .bool(true) ? .requireAuth : .open
        default: return .open
        }
    }
}
