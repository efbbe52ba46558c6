public import GRDB

extension ChannelQueries {
    /// One model offered to one group by an enabled ability, with the type of the channel behind it.
    public struct Offering: Sendable, Equatable {
        public var model: String
        public var group: String
        public var channelType: Int64
    }

    /// What enabled abilities offer, for `GET /api/pricing`: distinct (model, group, channel type),
    /// ordered by model, then group, then channel type.
    public func enabledOfferings() async throws -> [Offering] {
        try await reader.read { db in
            try Row.fetchAll(
                db,
                sql: #"""
                    SELECT DISTINCT a.model AS model, a."group" AS "group", c.type AS type
                    FROM abilities a JOIN channels c ON c.id = a.channel_id
                    WHERE a.enabled = 1 ORDER BY a.model, a."group", c.type
                    """#
            ).map { Offering(model: $0["model"], group: $0["group"], channelType: $0["type"]) }
        }
    }
}
