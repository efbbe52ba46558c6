/// Who a realistic workload bills: users by weight (the first is the heaviest), each with a
/// fixed group and one to three tokens, and the channels serving each model (two or three per
/// model). Deterministic for a seed; `oneledger fixtures` creates exactly this population and
/// then hands the token ids the ledger assigned back through `tokens`.
public struct UsagePopulation: Sendable {
    /// User ids, heaviest first.
    public var users: [Int64]
    /// Each user's group, by index in `users`.
    public var groups: [String]
    /// Each user's token ids, by index in `users`.
    public var tokens: [[Int64]]
    /// The channel ids serving each of `RealisticUsage.models`, by model index.
    public var modelChannels: [[Int64]]

    /// `users` users with ids from `firstUserID`, token ids numbered in user order from 1, channel
    /// ids numbered in model order from 1.
    public static func synthetic(users count: Int, firstUserID: Int64 = 1, seed: UInt64 = 42) -> UsagePopulation {
        var random = SplitMix64(seed: seed ^ 0x5EED)
        var users: [Int64] = []
        var groups: [String] = []
        var tokens: [[Int64]] = []
        var nextToken: Int64 = 1
        for index in 0..<count {
            users.append(firstUserID + Int64(index))
            // 70 % default, 20 % vip, 10 % svip; heavy users lean to the paid groups.
            let roll = random.next(below: 10) - (index < count / 50 ? 3 : 0)
            groups.append(roll < 7 ? (roll < 0 ? "vip" : "default") : roll < 9 ? "vip" : "svip")
            let owned = 1 + random.next(below: 3)
            tokens.append((0..<owned).map { nextToken + Int64($0) })
            nextToken += Int64(owned)
        }
        var modelChannels: [[Int64]] = []
        var nextChannel: Int64 = 1
        for _ in RealisticUsage.models {
            let serving = 2 + random.next(below: 2)
            modelChannels.append((0..<serving).map { nextChannel + Int64($0) })
            nextChannel += Int64(serving)
        }
        return UsagePopulation(users: users, groups: groups, tokens: tokens, modelChannels: modelChannels)
    }

    /// Every channel id, ascending.
    public var channelIDs: [Int64] { Array(Set(modelChannels.joined())).sorted() }

    /// The models a channel serves, comma-separated, as a channel's `models` field holds them.
    public func models(ofChannel id: Int64) -> String {
        RealisticUsage.models.indices.filter { modelChannels[$0].contains(id) }.map { RealisticUsage.models[$0] }
            .joined(separator: ",")
    }
}
