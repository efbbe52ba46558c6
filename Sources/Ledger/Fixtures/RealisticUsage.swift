/// Generates realistic usage records, as a New API relay reports them, for benchmarks and
/// tests: a 32-character random request id, ids from a few thousand users and tokens, model
/// and group names from small sets, token counts, content from a few templates and an `other`
/// JSON of about 100 bytes. Deterministic for a given seed.
public struct RealisticUsage: Sendable {
    public static let models = [
        "gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet-20241022", "claude-3-5-haiku-20241022",
        "gemini-1.5-pro", "deepseek-chat", "qwen-max", "o1-mini",
    ]
    public static let groups = ["default", "vip", "svip"]
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    public var users = 3_000
    public var tokensPerUser = 2
    public var channels = 40
    private var random: SplitMix64

    public init(seed: UInt64 = 42) {
        random = SplitMix64(seed: seed)
    }

    public mutating func next(createdAt: Int64) -> Oneledger_V1_UsageRecorded {
        var usage = Oneledger_V1_UsageRecorded()
        usage.requestID = randomString(32)
        let user = Int64(random.next(below: users) + 1)
        usage.userID = user
        usage.tokenID = (user - 1) * Int64(tokensPerUser) + Int64(random.next(below: tokensPerUser)) + 1
        usage.channelID = Int64(random.next(below: channels) + 1)
        let model = Self.models[random.next(below: Self.models.count)]
        usage.modelName = model
        usage.group = Self.groups[random.next(below: Self.groups.count)]
        usage.promptTokens = Int64(random.next(below: 4_000) + 10)
        usage.completionTokens = Int64(random.next(below: 1_500))
        let ratio = 0.75 + Double(random.next(below: 10)) / 4
        usage.quota = Int64(Double(usage.promptTokens + usage.completionTokens * 3) * ratio)
        usage.useTime = Int64(random.next(below: 30) + 1)
        usage.isStream = random.next(below: 3) != 0
        usage.ip = "10.\(random.next(below: 4)).\(random.next(below: 256)).\(random.next(below: 256))"
        usage.content = content(model: model, ratio: ratio)
        usage.other =
            #"{"admin_info":{"use_channel":["\#(usage.channelID)"]},"cache_tokens":0,"frt":\#(random.next(below: 2000)),"group_ratio":1,"model_ratio":\#(ratio)}"#
        usage.createdAt = createdAt
        return usage
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
