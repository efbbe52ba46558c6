import Foundation

/// Where the gateway reads the time: the system clock in production, a clock the test moves.
/// Commands get their time from it, so a decision never reads the clock itself.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Int64

    /// - Parameter milliseconds: returns the current Unix time in milliseconds.
    public init(milliseconds: @escaping @Sendable () -> Int64) {
        read = milliseconds
    }

    /// The system's clock.
    public static let system = WallClock { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Unix milliseconds.
    public var milliseconds: Int64 { read() }
    /// Unix seconds, as the API counts time.
    public var seconds: Int64 { read() / 1000 }
}
