public import GRDB

/// Reads of `channels` and `abilities` for the admin routes (docs/api.md, Channels (admin)).
public struct ChannelQueries: Sendable {
    public let reader: any DatabaseReader

    public init(reader: any DatabaseReader) { self.reader = reader }

    /// Filters shared by list and search.
    public struct Filter: Sendable {
        public var keyword = ""
        /// The fingerprint of `keyword` taken as a whole key (search matches keys exactly).
        public var keywordFingerprint = ""
        /// Matched as a whole comma-separated element; "", "all" and "null" mean any.
        public var group = ""
        public var model = ""
        /// "enabled"/"1", "disabled"/"0", or anything else for all.
        public var status = ""
        public var type: Int32?
        public var idSort = false
        public var tagMode = false
        public var sortBy = ""
        public var ascending = false
        public init() {}
    }

    public struct Page: Sendable {
        public var items: [ChannelRecord]
        public var total: Int
        /// Channel count per type under the group and status filters (the type filter ignored).
        public var typeCounts: [String: Int]
    }

    public func channel(id: Int64) async throws -> ChannelRecord? {
        try await reader.read { db in try ChannelRecord.fetchOne(db, key: id) }
    }

    public func page(_ filter: Filter, offset: Int, limit: Int) async throws -> Page {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if !filter.keyword.isEmpty {
            clauses.append("(id = ? OR name LIKE ? ESCAPE '!' OR key_fingerprint = ? OR base_url LIKE ? ESCAPE '!')")
            let pattern = LikePattern.containing(filter.keyword)
            arguments += [Int64(filter.keyword) ?? -1, pattern, filter.keywordFingerprint, pattern]
        }
        if !filter.model.isEmpty {
            clauses.append("models LIKE ? ESCAPE '!'")
            arguments += [LikePattern.containing(filter.model)]
        }
        if !["", "all", "null"].contains(filter.group) {
            clauses.append(#"(',' || "group" || ',') LIKE ? ESCAPE '!'"#)
            arguments += [LikePattern.containing(",\(filter.group),")]
        }
        switch filter.status {
        case "enabled", "1": clauses.append("status = 1")
        case "disabled", "0": clauses.append("status != 1")
        default: break
        }
        let countsWhere = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let countsArguments = arguments
        if let type = filter.type {
            clauses.append("type = ?")
            arguments += [type]
        }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let columns = ["id", "name", "priority", "balance", "response_time", "test_time"]
        let order =
            columns.contains(filter.sortBy)
            ? "\(filter.sortBy) \(filter.ascending ? "ASC" : "DESC"), id DESC"
            : filter.idSort ? "id DESC" : "priority DESC, id DESC"
        let filtered = arguments
        return try await reader.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT type, COUNT(*) AS n FROM channels \(countsWhere) GROUP BY type",
                arguments: countsArguments)
            {
                counts["\(row["type"] as Int)"] = row["n"]
            }
            if filter.tagMode {
                let tagWhere = (whereSQL.isEmpty ? "WHERE" : whereSQL + " AND") + " tag != ''"
                let total =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(DISTINCT tag) FROM channels \(tagWhere)", arguments: filtered)
                    ?? 0
                let tags = try String.fetchAll(
                    db, sql: "SELECT DISTINCT tag FROM channels \(tagWhere) ORDER BY tag LIMIT ? OFFSET ?",
                    arguments: filtered + [limit, offset])
                var items: [ChannelRecord] = []
                for tag in tags {
                    items += try ChannelRecord.fetchAll(
                        db, sql: "SELECT * FROM channels WHERE tag = ? ORDER BY \(order)", arguments: [tag])
                }
                return Page(items: items, total: total, typeCounts: counts)
            }
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM channels \(whereSQL)", arguments: filtered) ?? 0
            let items = try ChannelRecord.fetchAll(
                db, sql: "SELECT * FROM channels \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?",
                arguments: filtered + [limit, offset])
            return Page(items: items, total: total, typeCounts: counts)
        }
    }

    /// Distinct models of enabled abilities, sorted.
    public func enabledModels() async throws -> [String] {
        try await reader.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT model FROM abilities WHERE enabled = 1 ORDER BY model")
        }
    }

    /// Distinct models that enabled abilities offer in any of `groups`, sorted.
    public func enabledModels(inGroups groups: [String]) async throws -> [String] {
        guard !groups.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: groups.count).joined(separator: ",")
        return try await reader.read { db in
            try String.fetchAll(
                db,
                sql:
                    #"SELECT DISTINCT model FROM abilities WHERE enabled = 1 AND "group" IN (\#(marks)) ORDER BY model"#,
                arguments: StatementArguments(groups))
        }
    }

    /// For one group, the models enabled abilities offer, keyed by the channel type that offers them.
    public func enabledModelsByChannelType(group: String) async throws -> [(type: Int64, models: [String])] {
        try await reader.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: #"""
                    SELECT DISTINCT c.type AS type, a.model AS model FROM abilities a JOIN channels c ON c.id = a.channel_id
                    WHERE a.enabled = 1 AND a."group" = ? ORDER BY c.type, a.model
                    """#,
                arguments: [group])
            var result: [(type: Int64, models: [String])] = []
            for row in rows {
                let type: Int64 = row["type"]
                let model: String = row["model"]
                if result.last?.type == type {
                    result[result.count - 1].models.append(model)
                } else {
                    result.append((type, [model]))
                }
            }
            return result
        }
    }

    /// The `models` of the channel with the most models in `tag` ("" when none).
    public func tagModels(_ tag: String) async throws -> String {
        try await reader.read { db in
            let lists = try String.fetchAll(
                db, sql: "SELECT models FROM channels WHERE tag = ? ORDER BY id", arguments: [tag])
            return lists.max { $0.split(separator: ",").count < $1.split(separator: ",").count } ?? ""
        }
    }

    /// Every ability row, in key order (tests and audits).
    public func abilities(channelID: Int64? = nil) async throws -> [AbilityRecord] {
        try await reader.read { db in
            if let channelID {
                return try AbilityRecord.fetchAll(
                    db, sql: #"SELECT * FROM abilities WHERE channel_id = ? ORDER BY "group", model"#,
                    arguments: [channelID])
            }
            return try AbilityRecord.fetchAll(db, sql: #"SELECT * FROM abilities ORDER BY channel_id, "group", model"#)
        }
    }
}
