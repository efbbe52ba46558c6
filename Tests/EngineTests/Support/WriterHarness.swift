import EventStore
import Ledger
import Projections
import TestSupport

@testable import Engine

/// Runs `body` with a writer whose commit loop runs beside it.
func withWriter(
    store: EventStore, models: ReadModels, _ body: @Sendable (LedgerWriter) async throws -> Void
) async throws {
    let writer = LedgerWriter(store: store, readModels: models, logger: quietLogger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await writer.run() }
        try await body(writer)
        group.cancelAll()
    }
}

func register(_ name: String) -> RegisterUser {
    RegisterUser(username: name, passwordHash: "h", inviterAffCode: "", affCodeCandidates: [name.uppercased()])
}
