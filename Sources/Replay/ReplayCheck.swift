import Foundation
public import Projections

/// `oneledger replay --check`: rebuilds every read model into a scratch folder up to the live
/// models' checkpoint and compares each table's digest with the live one; for a table that
/// differs, the rows only one side has, up to a limit. Changes nothing in the data folder.
public enum ReplayCheck {
    public struct Table: Sendable {
        public var name: String
        public var live: ReadModels.TableDigest
        public var rebuilt: ReadModels.TableDigest
        /// Rows only the live table has (as text), at most the limit, and how many in all.
        public var onlyLive: [String] = []
        public var onlyLiveCount = 0
        public var onlyRebuilt: [String] = []
        public var onlyRebuiltCount = 0

        public var same: Bool { live == rebuilt }
    }

    public struct Report: Sendable {
        public var checkpoint: UInt64
        public var events: Int
        public var seconds: Double
        public var tables: [Table]

        public var ok: Bool { tables.allSatisfy(\.same) }
    }

    /// Rebuilds into `scratch` (default: a folder beside the live file, removed afterwards)
    /// and compares; `limit` caps the rows shown per side of each differing table.
    public static func run(
        dataDirectory: String, scratch: String? = nil, limit: Int = 20,
        progress: @escaping (ReplayRebuild.Progress) throws -> Void = { _ in }
    ) throws -> Report {
        let live = dataDirectory + "/readmodels.sqlite"
        guard FileManager.default.fileExists(atPath: live) else { throw ReplayError.noReadModels(live) }
        let folder = scratch ?? dataDirectory + "/replay-check"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let rebuilt = folder + "/readmodels.sqlite"
        ReplayRebuild.removeDatabase(at: rebuilt)
        defer {
            ReplayRebuild.removeDatabase(at: rebuilt)
            if scratch == nil { try? FileManager.default.removeItem(atPath: folder) }
        }
        let checkpoint = try ReadModels.checkpoint(path: live)
        let models = try ReadModels.openForRebuild(path: rebuilt)
        try models.setSnapshotInterval(ReadModels.snapshotInterval(path: live))
        try models.reset(projections: [])
        let outcome = try ReplayRebuild.fold(
            data: dataDirectory, into: models, at: rebuilt, through: checkpoint, untilTime: nil, only: nil,
            ignorePruning: false, progress: progress)
        try models.close()
        let liveDigests = try ReadModels.digests(path: live)
        let rebuiltDigests = try ReadModels.digests(path: rebuilt)
        var tables: [Table] = []
        for name in ReadModels.tableNames {
            var table = Table(name: name, live: liveDigests[name]!, rebuilt: rebuiltDigests[name]!)
            if !table.same {
                let found = try ReadModels.differences(live: live, rebuilt: rebuilt, table: name, limit: limit)
                table.onlyLive = found.onlyLive
                table.onlyLiveCount = found.liveCount
                table.onlyRebuilt = found.onlyRebuilt
                table.onlyRebuiltCount = found.rebuiltCount
            }
            tables.append(table)
        }
        return Report(checkpoint: checkpoint, events: outcome.events, seconds: outcome.seconds, tables: tables)
    }
}
