import Foundation
import Ledger
import Projections

/// Usable groups with their ratios (docs/api.md, Self-service `self/groups`): the option
/// `UserUsableGroups` plus the user's own group, ratios from `GroupRatio`.
enum GroupsView {
    static func usable(_ options: OptionQueries, userGroup: String?) async throws -> JSONValue {
        let values = try await options.values(["UserUsableGroups", "GroupRatio"])
        let usable = decode(values["UserUsableGroups"])
        let ratios = decode(values["GroupRatio"])
        var pairs: [(String, JSONValue)] = []
        for name in names(usable: usable, userGroup: userGroup) {
            let desc =
                usable[name].flatMap { value -> String? in
                    if case .string(let text) = value { return text }
                    return nil
                } ?? "用户分组"
            if name == "auto" {
                pairs.append((name, .object([("ratio", .string("自动")), ("desc", .string(desc))])))
                continue
            }
            let ratio: JSONValue =
                switch ratios[name] {
                case .int(let v): .int(v)
                case .double(let v): .double(v)
                default: .int(1)
                }
            pairs.append((name, .object([("ratio", ratio), ("desc", .string(desc))])))
        }
        return .object(pairs)
    }

    /// The names of the groups a user may use: `UserUsableGroups` plus their own group.
    static func usableNames(_ options: OptionQueries, userGroup: String?) async throws -> [String] {
        names(usable: decode(try await options.value("UserUsableGroups")), userGroup: userGroup)
    }

    private static func names(usable: [String: JSONValue], userGroup: String?) -> [String] {
        var names = usable.keys.sorted()
        if let userGroup, !userGroup.isEmpty, usable[userGroup] == nil { names.append(userGroup) }
        return names
    }

    /// The names of `GroupRatio` (`GET /api/group/`).
    static func names(_ options: OptionQueries) async throws -> [String] {
        decode(try await options.value("GroupRatio")).keys.sorted()
    }

    static func decode(_ text: String?) -> [String: JSONValue] {
        guard let text, let data = text.data(using: .utf8),
            case .object(let pairs)? = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return [:] }
        return Dictionary(pairs, uniquingKeysWith: { a, _ in a })
    }
}
