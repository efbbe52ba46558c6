import Ledger

extension LedgerEvent {
    /// Usage, reservation and imported-log events: they move only counters (balances, used
    /// quota, request counts), if anything, and write rows nobody else reads while a run is
    /// applied, so a run of them may be folded per projection (`Projection.apply(run:_:)`).
    var foldsInRuns: Bool {
        switch self {
        case .usageRecorded, .quotaReserved, .reservationSettled, .reservationReleased, .reservationExpired: true
        default: false
        }
    }
}

/// The net change a run of counter events makes to each user, token and channel, so each row
/// is written once per run (user quota −Q, used_quota +Q, request_count +1;
/// token remain_quota −Q unless unlimited, used_quota +Q, accessed_time; channel used_quota +Q;
/// a hold takes quota from user and limited token, its settle, release or expiry returns it).
struct CounterDeltas {
    struct User {
        var quota: Int64 = 0
        var usedQuota: Int64 = 0
        var requests: Int64 = 0
    }

    struct Token {
        /// Charged usage: taken from remain_quota only when the token is limited.
        var charged: Int64 = 0
        /// Holds taken (negative) and returned (positive), already limited tokens only.
        var held: Int64 = 0
        var accessedTime: Int64 = 0
    }

    var users: [Int64: User] = [:]
    var tokens: [Int64: Token] = [:]
    var channels: [Int64: Int64] = [:]

    init(_ events: ArraySlice<RecordedEvent>) {
        for recorded in events {
            switch recorded.event {
            case .usageRecorded(let e):
                users[e.userID, default: User()].quota -= e.quota
                users[e.userID, default: User()].usedQuota += e.quota
                users[e.userID, default: User()].requests += 1
                if e.tokenID != 0 {
                    tokens[e.tokenID, default: Token()].charged += e.quota
                    tokens[e.tokenID, default: Token()].accessedTime = max(
                        tokens[e.tokenID, default: Token()].accessedTime, e.createdAt)
                }
                if e.channelID != 0 { channels[e.channelID, default: 0] += e.quota }
            case .quotaReserved(let e):
                hold(user: e.userID, token: e.tokenID, unlimited: e.tokenUnlimited, amount: -e.quota)
            case .reservationSettled(let e):
                hold(user: e.userID, token: e.tokenID, unlimited: e.tokenUnlimited, amount: e.reserved)
            case .reservationReleased(let e):
                hold(user: e.userID, token: e.tokenID, unlimited: e.tokenUnlimited, amount: e.reserved)
            case .reservationExpired(let e):
                hold(user: e.userID, token: e.tokenID, unlimited: e.tokenUnlimited, amount: e.reserved)
            default:
                break
            }
        }
    }

    private mutating func hold(user: Int64, token: Int64, unlimited: Bool, amount: Int64) {
        users[user, default: User()].quota += amount
        if token != 0, !unlimited { tokens[token, default: Token()].held += amount }
    }
}
