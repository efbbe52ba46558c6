/// The rounds of `oneledger bench ingest`, printed as one table with the ratios of the run.
struct IngestResults {
    var bare: [IngestLoad.Run] = []
    var single: [IngestLoad.Run] = []
    var batches: [IngestLoad.Run] = []
    var ceiling: [LogInsertCeiling.Result] = []

    func print(seconds: Int) {
        var rows: [[String]] = []
        for round in batches.indices {
            rows.append([
                "\(round + 1)", formatted(batches[round].eventsPerSecond), batches[round].p99,
                formatted(batches[round].perCommit, digits: 1), formatted(ceiling[round].rowsPerSecond),
                formatted(single[round].eventsPerSecond), single[round].p99,
                formatted(single[round].perCommit, digits: 1), formatted(single[round].fsyncMillis, digits: 2),
                formatted(bare[round].perSecond),
                "\(batches[round].failures + single[round].failures)",
            ])
        }
        Swift.print(
            "POST /api/ledger/usage over HTTP on 127.0.0.1 (wrk, \(seconds) s runs), in-process server, fdatasync on")
        Swift.print(
            "(a) batches of 1,000 at 8 connections; ceiling: raw SQLite insert of as many log rows, one transaction")
        Swift.print("(b) single records at 64 connections; ceiling: a bare Hummingbird route in the same process")
        printTable(
            [
                "round", "(a) events/s", "(a) p99", "(a) req/commit", "ceiling rows/s", "(b) records/s", "(b) p99",
                "(b) req/commit", "(b) fsync ms", "bare req/s",
                "failures",
            ],
            rows)
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        let a = mean(batches.map(\.eventsPerSecond))
        let c = mean(ceiling.map(\.rowsPerSecond))
        let b = mean(single.map(\.eventsPerSecond))
        let bareMean = mean(bare.map(\.perSecond))
        Swift.print(
            "means: (a) \(formatted(a)) events/s (goal ≥ 100,000) = \(formatted(a / max(c, 1), digits: 2)) × the SQLite ceiling \(formatted(c)) rows/s"
        )
        Swift.print(
            "       (b) \(formatted(b)) records/s = \(formatted(b / max(bareMean, 1), digits: 2)) × bare \(formatted(bareMean)) req/s (goal ≥ 0.6)"
        )
        Swift.print(
            "every answered request was durable (fdatasync) and applied to every read model (counters, log rows, "
                + "rollups, statistics buckets, request ids, entity index and snapshots) before its answer")
    }
}
