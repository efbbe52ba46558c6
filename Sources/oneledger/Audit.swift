import ArgumentParser
import Engine
import Foundation
import Logging
import Replay

/// Replay's audit, named apart from the subcommand (and from any nested `Replay` type).
typealias QuotaAudit = Audit

extension OneLedgerCommand {
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every event that changed a user's quota, with actor, delta and running balance.",
            discussion: """
                Works on a stopped server's data folder. Without --at, the last balance must equal the \
                users read model's quota: a difference is printed and exits 1.
                """)

        @OptionGroup var data: DataDirectoryOptions
        @Option(help: "The user id.") var user: Int64
        @Option(help: "A Unix time in seconds or seq:N; the audit stops there.") var at: String?
        @Option(help: "table, json or csv.") var format: AuditFormat = .table

        func validate() throws {
            if AuditPoint(parsing: at) == nil { throw ValidationError("--at takes a Unix time in seconds or seq:N") }
        }

        func run() async throws {
            let engine = try await OfflineEngine.open(data.dataDirectory)
            defer { engine.close() }
            let point = AuditPoint(parsing: at) ?? .now
            var after: UInt64 = 0
            var first = true
            do {
                while true {
                    let page = try await QuotaAudit.page(
                        engine: engine, user: user, at: point, after: after, limit: QuotaAudit.maxLimit)
                    if first { print(format.header(page), terminator: "") }
                    for (index, item) in page.items.enumerated() {
                        print(format.line(item, first: first && index == 0), terminator: "")
                    }
                    first = false
                    guard page.next_after != 0 else {
                        print(format.footer(page), terminator: "")
                        return
                    }
                    after = page.next_after
                }
            } catch let mismatch as AuditMismatch {
                printError("error: \(mismatch)")
                throw ExitCode.failure
            }
        }
    }
}

/// How `oneledger audit` prints: an aligned table, the API's JSON object, or CSV.
enum AuditFormat: String, ExpressibleByArgument, Sendable {
    case table, json, csv

    func header(_ page: QuotaAudit.Page) -> String {
        switch self {
        case .table:
            "user \(page.user_id)\n" + row(["seq", "time", "type", "actor", "delta", "balance", "detail"])
        case .json: "{\"user_id\":\(page.user_id),\"items\":["
        case .csv: "seq,time,type,actor_id,delta,balance,detail\n"
        }
    }

    func line(_ item: QuotaAudit.Item, first: Bool) -> String {
        switch self {
        case .table:
            row([
                "\(item.seq)", "\(item.time)", item.type, "\(item.actor_id)", "\(item.delta)", "\(item.balance)",
                item.detail,
            ])
        case .json:
            (first ? "\n" : ",\n") + (String(data: (try? Self.encoder.encode(item)) ?? Data(), encoding: .utf8) ?? "")
        case .csv:
            [
                "\(item.seq)", "\(item.time)", item.type, "\(item.actor_id)", "\(item.delta)", "\(item.balance)",
                Self.csvField(item.detail),
            ].joined(separator: ",") + "\n"
        }
    }

    func footer(_ page: QuotaAudit.Page) -> String {
        switch self {
        case .table: "quota \(page.quota)\n"
        case .json: "\n],\"quota\":\(page.quota)}\n"
        case .csv: ""
        }
    }

    private func row(_ fields: [String]) -> String {
        let widths = [8, 11, 20, 6, 12, 14]
        return zip(fields, widths + [0]).map { field, width in
            width == 0 ? field : field.padding(toLength: max(width, field.count), withPad: " ", startingAt: 0)
        }.joined(separator: " ") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// Opens a stopped server's data folder for a read-only report: the read models are caught up
/// with the ledger (nothing is appended); the caller closes it.
enum OfflineEngine {
    static func open(_ dataDirectory: String) async throws -> Engine {
        guard FileManager.default.fileExists(atPath: Engine.ledgerDirectory(in: dataDirectory)) else {
            printError("error: no ledger at \(Engine.ledgerDirectory(in: dataDirectory))")
            throw ExitCode.failure
        }
        var logger = Logger(label: "oneledger")
        logger.logLevel = .warning
        return try await Engine.open(EngineConfiguration(dataDirectory: dataDirectory), logger: logger)
    }
}
