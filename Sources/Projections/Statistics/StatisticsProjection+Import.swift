import GRDB
import Ledger

extension StatisticsProjection {
    /// `QuotaDataImported`: the source's hourly bucket added to `quota_data` and `usage_models`
    /// (it has no token, channel or group, so `usage_buckets` does not hold it).
    static func applyImport(_ e: Oneledger_V1_QuotaDataImported, _ db: Database) throws {
        let modelID = try InternedString.model.id(e.modelName, db)
        let hour = e.createdAt - ((e.createdAt % 3600) + 3600) % 3600
        var sums = StatisticsBuckets.Sums()
        sums.count = e.count
        sums.quota = e.quota
        sums.tokenUsed = e.tokenUsed
        try StatisticsBuckets.add(sums, to: .init(userID: e.userID, hour: hour, modelID: modelID), db)
        try StatisticsBuckets.add(sums, to: .init(hour: hour, modelID: modelID), db)
    }
}
