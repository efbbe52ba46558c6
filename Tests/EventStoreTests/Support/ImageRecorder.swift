import Synchronization

@testable import EventStore

/// Collects file-system images from the operation hook, together with what was acknowledged then.
final class ImageRecorder: Sendable {
    private let images = Mutex<[SimulatedFileSystem.Image]>([])
    private let acks = Mutex<[[UInt64: NewEvent]]>([])
    let ackLog: AckLog?

    init(ackLog: AckLog? = nil) { self.ackLog = ackLog }

    func add(_ image: SimulatedFileSystem.Image) {
        // The acknowledgements are read after the image: each of them was durable before it.
        let acked = ackLog?.snapshot ?? [:]
        images.withLock { $0.append(image) }
        acks.withLock { $0.append(acked) }
    }

    var all: [SimulatedFileSystem.Image] { images.withLock { $0 } }
    var acknowledged: [[UInt64: NewEvent]] { acks.withLock { $0 } }
}
