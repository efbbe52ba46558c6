public import Engine
import Foundation
import Ledger
import Projections

/// `oneledger import`: a New API or One API SQLite database written into a fresh ledger as
/// import events (`UserImported`, `TokenImported`, … each naming its origin), through the
/// engine's writer in batches, so the read models fold them like any other event and the
/// console answers as the source did. Abilities are derived from the imported channels, as New
/// API derives them, and compared with the source's. A row that cannot be imported is refused
/// with a reason, counted and reported, never dropped silently.
///
/// All-or-nothing is the caller's part: it imports into a fresh data folder and removes the
/// folder when this throws (`ImportRows` refuses any instance already set up).
public enum Import {
    /// Events per command (one frame, one `fdatasync`).
    public static let batch = 1_000
    /// The tables an import reads, in the order it writes them.
    public static var tables: [String] { ImportSource.tables }
    /// How many refusals a report lists (all are counted).
    public static let listedRefusals = 100

    public struct Refused: Sendable, Encodable, Equatable {
        public var table: String
        public var row: Int64
        public var reason: String
    }

    public struct Report: Sendable {
        /// "new-api" or "one-api".
        public var source = ""
        public var file = ""
        /// Rows found, imported and refused per table; tables the source lacks are absent here.
        public var found: [String: Int] = [:]
        public var imported: [String: Int] = [:]
        public var refusedCount: [String: Int] = [:]
        public var refused: [Refused] = []
        /// Source abilities rows that the abilities derived from the imported channels lack.
        public var abilityDifferences = 0
        public var seconds = 0.0

        public init() {}

        public var importedRows: Int { imported.values.reduce(0, +) }
        public var refusedRows: Int { refusedCount.values.reduce(0, +) }
    }

    /// Imports `path` through `engine` (whose writer must be running); `progress` hears rows
    /// done and rows in all.
    public static func run(
        engine: Engine, sealer: SecretSealer, from path: String, now: @escaping @Sendable () -> Int64,
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Report {
        let started = Date()
        let source = try ImportSource(path: path)
        var report = Report()
        report.source = source.flavour
        report.file = source.file
        report.found = try await source.counts()
        let total = report.found.values.reduce(0, +)
        var mapping = ImportMapping(sealer: sealer, source: source.flavour, file: source.file)
        var done = 0
        var pending: [LedgerEvent] = []
        func flush() async throws {
            guard !pending.isEmpty else { return }
            try await engine.execute(ImportRows(events: pending), context: CommandContext(now: now()))
            pending.removeAll(keepingCapacity: true)
        }
        var sourceAbilities: [SourceAbility] = []
        for table in ImportSource.tables where report.found[table] != nil {
            var after: Int64 = 0
            while true {
                let page = try await source.page(table, after: after, limit: batch)
                guard let last = page.last else { break }
                after = last.rowid
                for (rowid, row) in page {
                    do throws(SourceRow.Refusal) {
                        if table == "abilities" {
                            sourceAbilities.append(try SourceAbility(SourceRow(row: row)))
                        } else if let event = try mapping.event(table: table, rowid: rowid, SourceRow(row: row)) {
                            pending.append(event)
                            report.imported[table, default: 0] += 1
                        }
                    } catch {
                        report.refusedCount[table, default: 0] += 1
                        if report.refused.count < listedRefusals {
                            report.refused.append(Refused(table: table, row: rowid, reason: error.reason))
                        }
                    }
                    if pending.count >= batch { try await flush() }
                }
                done += page.count
                progress(done, total)
            }
        }
        var completed = Oneledger_V1_ImportCompleted()
        completed.source = source.flavour
        completed.file = source.file
        completed.rows = Int64(report.importedRows)
        completed.refused = Int64(report.refusedRows)
        completed.tables = JSONValue.object(
            report.imported.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int(Int64($0.value))) }
        ).jsonText()
        pending.append(completed.event)
        try await flush()
        if !sourceAbilities.isEmpty {
            let derived = Set(try await engine.channels.abilities().map { SourceAbility($0) })
            report.abilityDifferences = sourceAbilities.filter { !derived.contains($0) }.count
            report.imported["abilities"] = sourceAbilities.count - report.abilityDifferences
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }
}

/// An abilities row, as the source holds it and as the channels read model derives it.
struct SourceAbility: Hashable {
    var group: String
    var model: String
    var channelID: Int64
    var enabled: Bool

    init(_ row: SourceRow) throws(SourceRow.Refusal) {
        group = row.string("group")
        model = row.string("model")
        channelID = try row.int("channel_id")
        enabled = try row.bool("enabled")
    }

    init(_ record: AbilityRecord) {
        group = record.group
        model = record.model
        channelID = record.channelId
        enabled = record.enabled
    }
}
