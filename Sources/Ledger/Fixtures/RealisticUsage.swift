import Foundation

/// Generates realistic usage records, as a New API relay reports them, for benchmarks, fixtures
/// and tests: users drawn from a Zipf-like law over a `UsagePopulation` (a few heavy users, a
/// long tail of light ones), each billed under their fixed group through one of their tokens,
/// a model per request served by one of its channels, bursts (a client sending several requests
/// in a row with the same token and model), a 32-character random request id, token counts,
/// content from a few templates and an `other` JSON of about 100 bytes. Deterministic for a
/// given seed and population.
public struct RealisticUsage: Sendable {
    public static let models = [
        "gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet-20241022", "claude-3-5-haiku-20241022",
        "gemini-1.5-pro", "deepseek-chat", "qwen-max", "o1-mini",
    ]
    public static let groups = ["default", "vip", "svip"]
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    /// How popular each model is, in the order of `models`.
    static let modelWeights = [30, 25, 14, 8, 6, 9, 5, 3]

    public let population: UsagePopulation
    /// Cumulative Zipf weights (exponent 1.1) by user index.
    private let cumulative: [Double]
    private var random: SplitMix64
    private var burst: (user: Int, token: Int64, model: Int, remaining: Int)?

    /// - Parameter population: who is billed; by default 3,000 synthetic users.
    public init(seed: UInt64 = 42, population: UsagePopulation = .synthetic(users: 3_000)) {
        self.population = population
        random = SplitMix64(seed: seed)
        var total = 0.0
        cumulative = population.users.indices.map { index in
            total += 1 / pow(Double(index + 1), 1.1)
            return total
        }
    }

    public mutating func next(createdAt: Int64) -> Oneledger_V1_UsageRecorded {
        let (user, token, model) = nextCaller()
        var usage = Oneledger_V1_UsageRecorded()
        usage.requestID = randomString(32)
        usage.userID = population.users[user]
        usage.tokenID = token
        let channels = population.modelChannels[model]
        usage.channelID = channels[random.next(below: channels.count)]
        let name = Self.models[model]
        usage.modelName = name
        usage.group = population.groups[user]
        usage.promptTokens = Int64(random.next(below: 4_000) + 10)
        usage.completionTokens = Int64(random.next(below: 1_500))
        let ratio = 0.75 + Double(random.next(below: 10)) / 4
        usage.quota = Int64(Double(usage.promptTokens + usage.completionTokens * 3) * ratio)
        usage.useTime = Int64(random.next(below: 30) + 1)
        usage.isStream = random.next(below: 3) != 0
        usage.ip = "10.\(random.next(below: 4)).\(random.next(below: 256)).\(random.next(below: 256))"
        usage.content = content(model: name, ratio: ratio)
        let cached = random.next(below: 4) == 0 ? random.next(below: Int(usage.promptTokens)) : 0
        usage.cacheReadTokens = Int64(cached)
        usage.other =
            #"{"admin_info":{"use_channel":["\#(usage.channelID)"]},"cache_tokens":\#(cached),"frt":\#(random.next(below: 2000)),"group_ratio":1,"model_ratio":\#(ratio)}"#
        usage.createdAt = createdAt
        return usage
    }

    /// The next request's user (index), token and model (index): a burst continues, else a new
    /// caller is drawn and, one time in four, starts a burst of 2 to 20 requests.
    private mutating func nextCaller() -> (Int, Int64, Int) {
        if var current = burst, current.remaining > 0 {
            current.remaining -= 1
            burst = current
            return (current.user, current.token, current.model)
        }
        let point = Double(random.next() >> 11) / Double(1 << 53) * (cumulative.last ?? 1)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < point { low = middle + 1 } else { high = middle }
        }
        let tokens = population.tokens[low]
        let token = tokens[random.next(below: tokens.count)]
        var roll = random.next(below: Self.modelWeights.reduce(0, +))
        var model = 0
        while roll >= Self.modelWeights[model] {
            roll -= Self.modelWeights[model]
            model += 1
        }
        burst = random.next(below: 4) == 0 ? (low, token, model, 1 + random.next(below: 19)) : nil
        return (low, token, model)
    }

    private mutating func content(model: String, ratio: Double) -> String {
        switch random.next(below: 3) {
        case 0: "模型倍率 \(ratio)，补全倍率 3，分组倍率 1"
        case 1: "model ratio \(ratio), completion ratio 3, group ratio 1, model \(model)"
        default: "stream request, model ratio \(ratio), completion ratio 3"
        }
    }

    private mutating func randomString(_ length: Int) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(length)
        for _ in 0..<length { bytes.append(Self.alphabet[random.next(below: Self.alphabet.count)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A tiny, fast, seedable generator (SplitMix64) for fixtures; not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
