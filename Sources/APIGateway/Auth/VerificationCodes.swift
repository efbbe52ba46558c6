import Synchronization

/// The e-mail codes and password-reset tokens in flight, kept in memory as New API keeps them:
/// per purpose and address, valid 10 minutes, the newest replacing the older. They are not
/// events: a code is a short-lived credential, not a change of state (the ledger would keep it
/// forever), and a restart only voids codes the user can ask for again. What a code unlocks —
/// an e-mail bound, a password reset, a user registered — is an event.
final class VerificationCodes: Sendable {
    enum Purpose: String, Sendable {
        case emailVerification = "v"
        case passwordReset = "r"
    }

    /// New API's `VerificationValidMinutes`.
    static let validMinutes: Int64 = 10
    /// Wrong guesses after which a code is dropped.
    static let maxAttempts = 10
    static let maxEntries = 100_000

    private struct Entry {
        var code: String
        var issuedAt: Int64
        var failures = 0
    }

    private let clock: WallClock
    private let entries = Mutex<[String: Entry]>([:])

    init(clock: WallClock) {
        self.clock = clock
    }

    private static func key(_ email: String, _ purpose: Purpose) -> String { purpose.rawValue + ":" + email }

    func register(_ code: String, for email: String, purpose: Purpose) {
        let now = clock.seconds
        entries.withLock { entries in
            if entries.count >= Self.maxEntries {
                entries = entries.filter { now - $0.value.issuedAt < Self.validMinutes * 60 }
            }
            entries[Self.key(email, purpose)] = Entry(code: code, issuedAt: now)
        }
    }

    /// Whether `code` is the live code for `email`; a match is consumed when `consume` is set.
    func check(_ code: String, for email: String, purpose: Purpose, consume: Bool = true) -> Bool {
        let now = clock.seconds
        let key = Self.key(email, purpose)
        return entries.withLock { entries in
            guard var entry = entries[key] else { return false }
            guard now - entry.issuedAt < Self.validMinutes * 60 else {
                entries[key] = nil
                return false
            }
            guard !code.isEmpty, Self.equal(code, entry.code) else {
                entry.failures += 1
                entries[key] = entry.failures >= Self.maxAttempts ? nil : entry
                return false
            }
            if consume { entries[key] = nil }
            return true
        }
    }

    /// Compares in time that depends only on the lengths.
    private static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
