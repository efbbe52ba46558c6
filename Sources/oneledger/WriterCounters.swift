import ArgumentParser
import Foundation

/// What the in-process server's writer did during one wrk run, read from its `GET /metrics`
/// before and after: batches, commands per batch and the ledger's fdatasync time, which
/// explain a run's throughput (a commit's length and how many callers share it).
struct WriterCounters {
    var batches = 0.0
    var commands = 0.0
    var fsyncSeconds = 0.0
    var fsyncs = 0.0

    static func read(port: Int) throws -> WriterCounters {
        let (text, status) = try commandOutput(["curl", "-sf", "http://127.0.0.1:\(port)/metrics"])
        guard status == 0 else { throw ValidationError("GET /metrics failed") }
        var counters = WriterCounters()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let value = Double(fields[1]) else { continue }
            switch fields[0] {
            case "oneledger_writer_batches": counters.batches = value
            case "oneledger_writer_commands": counters.commands = value
            case "oneledger_fsync_duration_seconds_sum": counters.fsyncSeconds = value
            case "oneledger_fsync_duration_seconds_count": counters.fsyncs = value
            default: break
            }
        }
        return counters
    }

    /// The run between `start` and `self`: commands per batch and the mean fdatasync.
    func since(_ start: WriterCounters) -> (perBatch: Double, fsyncMillis: Double) {
        let batches = max(self.batches - start.batches, 1)
        let fsyncs = max(self.fsyncs - start.fsyncs, 1)
        return ((commands - start.commands) / batches, (fsyncSeconds - start.fsyncSeconds) * 1000 / fsyncs)
    }
}
