import Foundation
import TestSupport
import Testing

/// `oneledger export --what logs` run as the built binary on a stopped server's data folder:
/// its JSON lines and CSV are byte for byte what `GET /api/log/export` answered, their rows are
/// the rows `/api/log/` listed, and `--from`/`--to` filter `created_at` as the list's timestamps.
@Suite struct LogExportCommandTests {
    static let dayA: Int64 = 1_700_006_400  // 2023-11-15T00:00:00Z

    /// What the server answered before it stopped.
    struct Answers: Sendable {
        /// `/api/log/`'s answer (every row, one page).
        var list = Data()
        var ranged: [Int64] = []
        var jsonl = ""
        var csv = ""
    }

    actor Kept {
        var answers = Answers()
        func keep(_ answers: Answers) { self.answers = answers }
    }

    /// `oneledger`, built by `swift build --build-tests` next to the test bundle.
    static var binary: URL { builtExecutable("oneledger") }

    /// Runs the binary; its exit status, standard output and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard output is read while it runs (a full pipe would hold it back); standard
        // error holds a line or two.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    /// RFC 4180 records (quoted fields, doubled quotes, line breaks inside quotes).
    static func csvRecords(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.append(c)
            }
        }
        return records
    }

    @Test func logsExportAsTheExportRouteAndTheListAnswer() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary.path),
            "build the oneledger binary first (swift build --build-tests)")
        let directory = temporaryDataDirectory()
        defer { removeTemporaryDirectory(directory) }
        let kept = Kept()
        try await withRunningServer(dataDirectory: directory) { api, fixtures in
            let root = try await fixtures.root()
            let (alice, token) = try await fixtures.billedUser("alice", quota: 10_000_000, root: root)
            let channel = try await fixtures.channel("ex", root: root)
            let records = (0..<12).map { i in
                usageJSON(
                    "ex-\(i)", user: alice.userID, token: token, channel: channel, quota: 100 + Int64(i),
                    createdAt: Self.dayA + Int64(i) * 21_600)
            }
            #expect(try await fixtures.ingest("/api/ledger/usage", "[" + records.joined(separator: ",") + "]").success)
            var answers = Answers()
            let list = try await api.get("/api/log/?p=1&page_size=1000", as: root)
            answers.list = Data(list.text.utf8)
            #expect((list.object["items"] as? [Any])?.count ?? 0 > 12, "\(list.text)")
            let ranged = try await api.get(
                "/api/log/?p=1&page_size=1000&start_timestamp=\(Self.dayA + 86_400)&end_timestamp=\(Self.dayA + 2 * 86_400)",
                as: root)
            answers.ranged = (ranged.object["items"] as? [[String: Any]] ?? []).compactMap {
                ($0["id"] as? NSNumber)?.int64Value
            }
            #expect(answers.ranged.count == 5, "\(ranged.text)")
            answers.jsonl = try await api.get("/api/log/export?format=jsonl", as: root).text
            answers.csv = try await api.get("/api/log/export?format=csv", as: root).text
            await kept.keep(answers)
        }
        let answers = await kept.answers
        let listed = try JSONSerialization.jsonObject(with: answers.list) as? [String: Any]
        let items = (listed?["data"] as? [String: Any])?["items"] as? [[String: Any]] ?? []

        // JSON lines: the route's bytes, and each line the row the list gave.
        let jsonl = try Self.run(["export", "--what", "logs", "--data-dir", directory, "--format", "jsonl"])
        #expect(jsonl.status == 0, "\(jsonl.err)")
        #expect(jsonl.out == answers.jsonl)
        #expect(jsonl.err.contains("exported \(items.count) log rows"), "\(jsonl.err)")
        let lines = jsonl.out.split(separator: "\n")
        #expect(lines.count == items.count)
        for (line, item) in zip(lines, items) {
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary
            #expect(row == (item as NSDictionary), "\(line)")
        }

        // CSV: the route's bytes; header and one record a row, fields as the list gave them.
        let csv = try Self.run(["export", "--what", "logs", "--data-dir", directory, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.err)")
        #expect(csv.out == answers.csv)
        let csvRecords = Self.csvRecords(csv.out)
        let header = try #require(csvRecords.first)
        #expect(header.first == "id" && header.contains("other") && header.contains("model_name"))
        #expect(csvRecords.count == items.count + 1)
        for (record, item) in zip(csvRecords.dropFirst(), items) {
            let fields = Dictionary(uniqueKeysWithValues: zip(header, record))
            for (column, value) in fields {
                let expected: String? =
                    switch column {
                    case "is_stream": (item["is_stream"] as? Bool).map { $0 ? "true" : "false" }
                    case "request_id": item["request_id"] as? String ?? ""
                    default: (item[column] as? String) ?? (item[column] as? NSNumber)?.stringValue
                    }
                #expect(value == expected, "column \(column) of row \(record.first ?? "")")
            }
        }

        // --from/--to bound created_at inclusively, in Unix seconds or as an ISO 8601 date.
        for (from, to) in [
            ("\(Self.dayA + 86_400)", "\(Self.dayA + 2 * 86_400)"), ("2023-11-16", "2023-11-17"),
        ] {
            let ranged = try Self.run([
                "export", "--what", "logs", "--data-dir", directory, "--from", from, "--to", to,
            ])
            #expect(ranged.status == 0, "\(ranged.err)")
            let ids = ranged.out.split(separator: "\n").compactMap {
                ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?["id"] as? NSNumber
            }
            #expect(ids.map(\.int64Value) == answers.ranged, "--from \(from) --to \(to)")
        }

        // Bounds a log export cannot take are refused before anything is read.
        let bySeq = try Self.run(["export", "--what", "logs", "--data-dir", directory, "--from", "seq:2"])
        #expect(bySeq.status != 0 && bySeq.out.isEmpty && bySeq.err.contains("not seq:N"), "\(bySeq.err)")
        let byStream = try Self.run(["export", "--what", "logs", "--data-dir", directory, "--stream", "user:1"])
        #expect(byStream.status != 0 && byStream.err.contains("--stream"), "\(byStream.err)")
        let events = try Self.run(["export", "--data-dir", directory])
        #expect(events.status == 0 && events.err.contains("exported"), "\(events.err)")
    }
}
