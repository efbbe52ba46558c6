import Synchronization

/// A small, fast, seedable generator (SplitMix64): every random test names its seed, so a
/// failure can be replayed exactly.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loop counts that a soak raises through the environment (`ONELEDGER_BITFLIPS=100000 swift test`).
/// Only tests read the environment; the store itself never does.
enum TestEnvironment {
    static func count(_ name: String, default value: Int) -> Int {
        guard let raw = getenv(name), let parsed = Int(String(cString: raw)), parsed >= 0 else { return value }
        return parsed
    }
}

/// A value shared between test tasks.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}
