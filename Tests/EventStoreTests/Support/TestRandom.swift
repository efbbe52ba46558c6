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

/// Loop counts that a soak raises through the environment; only tests read it, the store never does.
///
/// - `ONELEDGER_BITFLIPS` (1,000): random single-bit flips checked by `BitFlipTests`.
/// - `ONELEDGER_CRASH_ROUNDS` (1): power-loss workloads per crash mode, each cut at every step.
/// - `ONELEDGER_CRASH_POINTS` (1): crash images per step for the random (torn, garbage) modes.
/// - `ONELEDGER_FAULT_SWEEP_LIMIT` (0 = all): the highest k of the fault sweeps.
/// - `ONELEDGER_KILL_CYCLES` (50): kill -9 cycles of `KillNineTests`.
///
/// A soak: `ONELEDGER_BITFLIPS=20000 ONELEDGER_CRASH_ROUNDS=4 ONELEDGER_CRASH_POINTS=3 ONELEDGER_KILL_CYCLES=100
/// swift test --skip-build --filter EventStoreTests` (about 2.5 minutes in debug on 2 cores).
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
