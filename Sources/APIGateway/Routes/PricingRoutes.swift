import Foundation
import Hummingbird
import Ledger
import Projections

/// docs/api.md (Public information): `GET /api/pricing`, behind `HeaderNavModuleAuth("pricing")`: the models enabled
/// abilities offer in the caller's usable groups, priced from the ratio options (or New API's
/// built-in tables), with the usable groups' ratios. There is no vendor catalogue: `vendors` is
/// empty and items carry no `vendor_id`.
struct PricingRoutes: Sendable {
    let options: OptionQueries
    let channels: ChannelQueries
    let authenticate: Authenticate

    func register(on router: some RouterMethods<GatewayContext>) {
        router.get("pricing", use: pricing)
    }

    @Sendable func pricing(_ request: Request, context: GatewayContext) async throws -> Response {
        let values = try await options.values(["HeaderNavModules", "AutoGroups"])
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
        let userGroup = caller?.user.group
        let names = try await GroupsView.usableNames(options, userGroup: userGroup)
        var descriptions: [(String, JSONValue)] = []
        if case .object(let groups) = try await GroupsView.usable(options, userGroup: userGroup) {
            for (name, info) in groups {
                guard case .object(let fields) = info else { continue }
                for (key, value) in fields where key == "desc" { descriptions.append((name, value)) }
            }
        }
        let values = try await options.values(PricingView.Tables.optionKeys + ["GroupRatio"])
        // Only groups that both have a ratio and are usable, as New API limits `group_ratio`.
        let ratios = GroupsView.decode(values["GroupRatio"])
        let groupRatio = names.compactMap { name in ratios[name].map { (name, $0) } }
        let view = PricingView(
            offerings: try await channels.enabledOfferings(), tables: PricingView.Tables(values),
            usableGroups: Set(names))
        let auto = (autoGroups?.data(using: .utf8)).flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
        return Envelope.json(
            JSONValue.object([
                ("success", .bool(true)), ("data", .array(view.items)), ("vendors", .array([])),
                ("group_ratio", .object(groupRatio)), ("usable_group", .object(descriptions)),
                ("supported_endpoint", .object(view.endpoints)), ("auto_groups", auto ?? .array([])),
                ("pricing_version", .string(PricingView.version)),
            ]))
    }

    enum Module { case open, requireAuth, disabled }

    /// Reads one entry of `HeaderNavModules`: a bool, "true"/"1", or {enabled, requireAuth};
    /// missing or invalid means enabled without auth.
    static func module(_ text: String, name: String) -> Module {
        guard let data = text.data(using: .utf8),
            case .object(let pairs)? = try? JSONDecoder().decode(JSONValue.self, from: data),
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
