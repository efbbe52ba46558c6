import Synchronization

@testable import EventStore

/// Collects file-system images from the operation hook, together with what was acknowledged then.
final class ImageRecorder: Sendable {
    private let images = Mutex<[SimulatedFileSystem.Image]>([])
    private let acks = Mutex<[[UInt64: NewEvent]]>([])
    let ackLog: AckLog?

    init(ackLog: AckLog? = nil) { self.ackLog = ackLog }

    /// Keeps the image `take` returns, with the acknowledgements as they were just before it:
    /// each of those was durable (its fdatasync had returned) when the image was taken.
    func add(_ take: () -> SimulatedFileSystem.Image) {
        let acked = ackLog?.snapshot ?? [:]
        let image = take()
        images.withLock { $0.append(image) }
        acks.withLock { $0.append(acked) }
    }

    var all: [SimulatedFileSystem.Image] { images.withLock { $0 } }
    var acknowledged: [[UInt64: NewEvent]] { acks.withLock { $0 } }
}
