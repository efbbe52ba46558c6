import APIGateway
import Foundation
import Synchronization

/// A clock the test moves by hand, so a test that needs time to pass never sleeps. It starts
/// at the real time, since some inputs are checked against "now" when they arrive.
final class TestClock: Sendable {
    private let milliseconds = Mutex(Int64(Date().timeIntervalSince1970 * 1000))

    /// What the server reads; pass it as `configuration.clock`.
    var wallClock: WallClock { WallClock { [self] in milliseconds.withLock { $0 } } }

    var seconds: Int64 { milliseconds.withLock { $0 } / 1000 }

    func advance(seconds: Int64) {
        milliseconds.withLock { $0 += seconds * 1000 }
    }
}
