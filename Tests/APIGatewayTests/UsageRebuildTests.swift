import Foundation
import Testing

/// The read path answers the same after a restart and after the read models are rebuilt from
/// the ledger (pruning included).
@Suite struct UsageRebuildTests {
    static func answers(_ api: APIClient, _ w: LogRoutesTests.World) async throws -> [String] {
        let range = "start_timestamp=\(w.end - 40 * 3600)&end_timestamp=\(w.end + 3600)"
        var texts: [String] = []
        for (path, who) in [
            ("/api/log/?p=1&page_size=50&type=0", w.root), ("/api/log/?p=3&page_size=20&model_name=gpt-4o", w.root),
            ("/api/log/stat?\(range)", w.root), ("/api/log/self/?p=1&page_size=30&type=2", w.alice),
            ("/api/data/?\(range)", w.root), ("/api/data/self?\(range)", w.alice), ("/api/data/users?\(range)", w.root),
            ("/api/log/search?keyword=note", w.root),
        ] {
            texts.append(try await api.get(path, as: who).text)
        }
        return texts
    }

    @Test func identicalAfterRestartAndRebuild() async throws {
        let directory = temporaryDataDirectory()
        let saved = Saved()
        try await withRunningServerAndUsage(dataDirectory: directory) { api, fixtures, seeder in
            let w = try await LogRoutesTests.world(api, fixtures, seeder)
            _ = try await api.delete("/api/log/?target_timestamp=\(w.end - 20 * 3600 + 17)", as: w.root)
            await saved.set(w, try await Self.answers(api, w))
        }
        let (w, before) = await saved.get()
        try await withRunningServer(dataDirectory: directory) { api, _ in
            let now = try await Self.answers(api, w)
            #expect(now == before)
        }
        for file in ["readmodels.sqlite", "readmodels.sqlite-wal", "readmodels.sqlite-shm"] {
            try? FileManager.default.removeItem(atPath: directory + "/" + file)
        }
        try await withRunningServer(dataDirectory: directory) { api, _ in
            let now = try await Self.answers(api, w)
            #expect(now == before)
        }
    }

    actor Saved {
        var world: LogRoutesTests.World?
        var answers: [String] = []
        func set(_ world: LogRoutesTests.World, _ answers: [String]) {
            self.world = world
            self.answers = answers
        }
        func get() -> (LogRoutesTests.World, [String]) { (world!, answers) }
    }
}
