import EventStore
import Foundation
import Ledger
import Logging
import Projections

@testable import Engine

/// A fresh data folder (with its `ledger/` inside) under the temporary directory.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "oneledger-engine-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path + "/ledger", withIntermediateDirectories: true)
    return path
}

/// Runs `body` with a writer whose commit loop runs beside it.
func withWriter(
    store: EventStore, models: ReadModels, _ body: @Sendable (LedgerWriter) async throws -> Void
) async throws {
    let writer = LedgerWriter(store: store, readModels: models, logger: Logger(label: "test"))
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await writer.run() }
        try await body(writer)
        group.cancelAll()
    }
}

func register(_ name: String) -> RegisterUser {
    RegisterUser(username: name, passwordHash: "h", inviterAffCode: "", affCodeCandidates: [name.uppercased()])
}
