public import GRDB
import Ledger

/// Reads of `options` and `setups` for the gateway.
public struct OptionQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    /// Every option: the defaults overlaid with what was stored, sorted by key.
    public func all() async throws -> [(key: String, value: String)] {
        let stored = try await reader.read { db in
            try Row.fetchAll(db, sql: "SELECT key, value FROM options").map {
                (($0["key"] as String), ($0["value"] as String))
            }
        }
        var merged = OptionDefaults.values
        for (key, value) in stored { merged[key] = value }
        return merged.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }

    /// The values of some options (stored, else default; absent keys are left out).
    public func values(_ keys: [String]) async throws -> [String: String] {
        let stored = try await reader.read { db in
            var found: [String: String] = [:]
            for key in keys {
                if let value = try String.fetchOne(db, sql: "SELECT value FROM options WHERE key = ?", arguments: [key])
                {
                    found[key] = value
                }
            }
            return found
        }
        var result: [String: String] = [:]
        for key in keys { result[key] = stored[key] ?? OptionDefaults.values[key] }
        return result
    }

    public func value(_ key: String) async throws -> String? {
        try await values([key])[key]
    }

    /// Setup state: whether it completed and whether a root user exists.
    public func setupStatus() async throws -> (setUp: Bool, rootExists: Bool) {
        try await reader.read { db in
            let setUp = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM setups)") ?? false
            let root = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM users WHERE role = 100)") ?? false
            return (setUp || root, root)
        }
    }
}
