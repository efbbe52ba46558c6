import EventStore
import Foundation
import Replay
import Synchronization

/// Progress of a long command on standard error: a bar redrawn in place on a terminal (rate and
/// ETA), a plain line every five seconds otherwise.
final class ProgressBar: Sendable {
    let label: String
    let unit: String
    let started = ContinuousClock.now
    let terminal = isatty(STDERR_FILENO) == 1
    private let state = Mutex<(lastLine: ContinuousClock.Instant, drawn: Bool)>((ContinuousClock.now, false))

    init(label: String, unit: String = "events") {
        self.label = label
        self.unit = unit
    }

    /// A replay's position: its sequence against the target, its rate in events folded.
    func show(_ progress: ReplayRebuild.Progress) {
        show(
            done: Double(progress.seq), total: Double(progress.target), count: progress.events,
            seconds: progress.seconds)
    }

    /// `done` of `total` units.
    func show(_ done: Int, of total: Int) {
        show(done: Double(done), total: Double(total), count: done, seconds: (ContinuousClock.now - started).seconds)
    }

    private func show(done: Double, total: Double, count: Int, seconds: Double) {
        let rate = Double(count) / max(seconds, 1e-9)
        let whole = max(total, 1)
        let fraction = min(1, done / whole)
        let remaining = rate > 0 ? max(0, whole - done) / rate : 0
        let eta = String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60)
        let position = "\(Int64(done))/\(Int64(total))"
        if terminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let line =
                "\r\(label) [\(bar)] \(formatted(fraction * 100))% \(position) \(formatted(rate)) \(unit)/s ETA \(eta)  "
            FileHandle.standardError.write(Data(line.utf8))
            state.withLock { $0.drawn = true }
        } else {
            let due = state.withLock { state in
                guard ContinuousClock.now - state.lastLine >= .seconds(5) else { return false }
                state.lastLine = ContinuousClock.now
                return true
            }
            if due {
                printError(
                    "\(label): \(position) (\(formatted(fraction * 100))%), \(formatted(rate)) \(unit)/s, ETA \(eta)")
            }
        }
    }

    func finish() {
        if state.withLock({ state in
            defer { state.drawn = false }
            return state.drawn
        }) {
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }
}
