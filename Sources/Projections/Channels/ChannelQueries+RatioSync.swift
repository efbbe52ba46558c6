import GRDB

extension ChannelQueries {
    /// Every channel with a base URL, by id: the upstreams ratio sync may read.
    public func channelsWithBaseURL() async throws -> [ChannelRecord] {
        try await reader.read { db in
            try ChannelRecord.fetchAll(db, sql: "SELECT * FROM channels WHERE base_url <> '' ORDER BY id")
        }
    }
}
