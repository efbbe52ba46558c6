import Foundation

/// Answers appenders off the commit thread. Resuming a hundred waiting tasks costs more than
/// the next frame's write, so when a frame has several callers the commit thread hands their
/// answers here and goes on to the next frame; the answers of one frame stay in order.
final class Acknowledger: @unchecked Sendable {
    typealias Answer = (append: PendingAppend, result: AppendResult)

    // Every field is guarded by `condition`.
    private let condition = NSCondition()
    private var waiting: [[Answer]] = []
    private var stopping = false
    private var running = false

    func start() {
        condition.lock()
        running = true
        condition.unlock()
        let thread = Thread { [self] in
            while let answers = next() {
                for answer in answers { answer.append.complete(.success(answer.result)) }
            }
        }
        thread.name = "oneledger-ack"
        thread.start()
    }

    func deliver(_ answers: [Answer]) {
        condition.lock()
        waiting.append(answers)
        condition.signal()
        condition.unlock()
    }

    private func next() -> [Answer]? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && !stopping { condition.wait() }
        if waiting.isEmpty {
            running = false
            condition.broadcast()
            return nil
        }
        let answers = waiting.joined()
        waiting.removeAll()
        return Array(answers)
    }

    /// Delivers what is queued, then stops the thread; returns when it has.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }
}
