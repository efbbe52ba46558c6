public import Engine
import Ledger
import Projections

/// Reconciliation (`oneledger reconcile`, `GET /api/ledger/reconcile`): per UTC day, user,
/// token and channel, the consume charges in the log read model and in the statistics buckets
/// against the ledger's usage events (by their `created_at`), and, over the whole history,
/// each user's quota against opening + Σ quota events and the used_quota of users, tokens and
/// channels against Σ usage. Days the log was pruned from are reported as pruned, not compared.
/// Imported consume logs (`LogImported`) are ledger charges of the log read model only: the
/// statistics of imported history are the source's `quota_data`, which has no token or channel.
public enum Reconcile {
    public struct Difference: Sendable, Encodable, Equatable {
        /// Unix seconds of the UTC day's start.
        public var day: Int64
        public var user_id: Int64
        public var token_id: Int64
        public var channel_id: Int64
        /// The ledger's charges: usage events plus imported consume logs (`imported`).
        public var ledger: Int64
        public var imported: Int64
        /// nil where the log was pruned.
        public var logs: Int64?
        public var statistics: Int64
    }

    public struct BalanceDifference: Sendable, Encodable, Equatable {
        /// "user", "token" or "channel".
        public var entity: String
        public var id: Int64
        /// "quota" or "used_quota".
        public var field: String
        public var ledger: Int64
        public var read_model: Int64
    }

    public struct Report: Sendable, Encodable {
        public var from: Int64
        public var to: Int64
        public var checkpoint: UInt64
        public var ok: Bool
        /// Day, user, token and channel combinations compared.
        public var lines: Int
        /// Log rows created before this were pruned (0: never); those days' logs are not compared.
        public var logs_pruned_before: Int64
        public var pruned_lines: Int
        public var differences: [Difference]
        public var balances: [BalanceDifference]
    }

    /// Reconciles the UTC days holding `from...to` (Unix seconds).
    public static func run(engine: Engine, from: Int64, to: Int64) async throws -> Report {
        let fromDay = max(0, from) / 86_400
        let toDay = max(max(0, from), to) / 86_400
        let read = try await engine.reconcile.readSide(fromDay: fromDay, toDay: toDay)
        var ledger = LedgerSide()
        try engine.scan(types: LedgerSide.types, through: read.checkpoint) { recorded in
            ledger.add(recorded, fromDay: fromDay, toDay: toDay)
        }
        var differences: [Difference] = []
        var pruned = 0
        let keys = Set(ledger.charges.keys).union(ledger.imported.keys).union(read.logCharges.keys)
            .union(read.bucketCharges.keys)
        for key in keys.sorted() {
            let imported = ledger.imported[key, default: 0]
            let charged = ledger.charges[key, default: 0] + imported
            let statistics = read.bucketCharges[key, default: 0]
            let isPruned = key.day * 86_400 < read.prunedBefore
            if isPruned { pruned += 1 }
            let logs = isPruned ? nil : read.logCharges[key, default: 0]
            if charged - imported != statistics || (logs.map { $0 != charged } ?? false) {
                differences.append(
                    Difference(
                        day: key.day * 86_400, user_id: key.userID, token_id: key.tokenID, channel_id: key.channelID,
                        ledger: charged, imported: imported, logs: logs, statistics: statistics))
            }
        }
        var balances: [BalanceDifference] = []
        func compare(_ entity: String, _ field: String, _ model: [Int64: Int64], _ sums: [Int64: Int64]) {
            for (id, value) in model.sorted(by: { $0.key < $1.key }) where sums[id, default: 0] != value {
                balances.append(
                    BalanceDifference(
                        entity: entity, id: id, field: field, ledger: sums[id, default: 0], read_model: value))
            }
        }
        compare("user", "quota", read.userQuota, ledger.userQuota)
        compare("user", "used_quota", read.userUsed, ledger.userUsed)
        compare("token", "used_quota", read.tokenUsed, ledger.tokenUsed)
        compare("channel", "used_quota", read.channelUsed, ledger.channelUsed)
        return Report(
            from: fromDay * 86_400, to: toDay * 86_400 + 86_399, checkpoint: read.checkpoint,
            ok: differences.isEmpty && balances.isEmpty, lines: keys.count,
            logs_pruned_before: read.prunedBefore == .min ? 0 : read.prunedBefore, pruned_lines: pruned,
            differences: differences, balances: balances)
    }

    /// The ledger's sums, built by one scan of its quota, usage and import events.
    struct LedgerSide {
        static let types = LedgerEvent.quotaTypes.union([
            Oneledger_V1_LogImported.wireName, Oneledger_V1_TokenImported.wireName,
            Oneledger_V1_ChannelImported.wireName,
        ])
        var charges: [ReconcileQueries.DayKey: Int64] = [:]
        var imported: [ReconcileQueries.DayKey: Int64] = [:]
        var userQuota: [Int64: Int64] = [:]
        var userUsed: [Int64: Int64] = [:]
        var tokenUsed: [Int64: Int64] = [:]
        var channelUsed: [Int64: Int64] = [:]

        mutating func add(_ recorded: RecordedEvent, fromDay: Int64, toDay: Int64) {
            for case .user(let id) in recorded.event.entities {
                if let delta = recorded.event.quotaDelta(user: id) { userQuota[id, default: 0] += delta }
            }
            switch recorded.event {
            case .userImported(let e): userUsed[e.userID, default: 0] += e.usedQuota
            case .tokenImported(let e): tokenUsed[e.tokenID, default: 0] += e.usedQuota
            case .channelImported(let e): channelUsed[e.channelID, default: 0] += e.usedQuota
            case .logImported(let e) where e.type == 2 && (fromDay...toDay).contains(e.createdAt / 86_400):
                imported[
                    ReconcileQueries.DayKey(
                        day: e.createdAt / 86_400, userID: e.userID, tokenID: e.tokenID, channelID: e.channelID),
                    default: 0] += e.quota
            default: break
            }
            guard case .usageRecorded(let usage) = recorded.event else { return }
            userUsed[usage.userID, default: 0] += usage.quota
            if usage.tokenID != 0 { tokenUsed[usage.tokenID, default: 0] += usage.quota }
            if usage.channelID != 0 { channelUsed[usage.channelID, default: 0] += usage.quota }
            // A record without created_at is dated by its event, as the read models date it.
            let day = (usage.createdAt == 0 ? recorded.seconds : usage.createdAt) / 86_400
            guard day >= fromDay, day <= toDay else { return }
            charges[
                ReconcileQueries.DayKey(
                    day: day, userID: usage.userID, tokenID: usage.tokenID, channelID: usage.channelID),
                default: 0] += usage.quota
        }
    }
}
