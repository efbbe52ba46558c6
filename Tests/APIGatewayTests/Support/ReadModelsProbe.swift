import GRDB
import HTTPTypes
import Projections

/// Opens a test's read models beside the running server (WAL allows a second reader).
struct ReadModelsProbe {
    let models: ReadModels

    static func open(_ directory: String) throws -> ReadModelsProbe {
        ReadModelsProbe(models: try ReadModels.open(path: directory + "/readmodels.sqlite"))
    }

    func manageLogs() async throws -> [LogRecord] {
        try await LogQueries(reader: models.reader).entries(type: 3)
    }

    func logs(userID: Int64) async throws -> [LogRecord] {
        try await LogQueries(reader: models.reader).entries(userID: userID)
    }
}

extension ReadModelsProbe {
    func checkpoint() async throws -> UInt64 {
        try await models.reader.read { db in try ReadModels.checkpoint(db) }
    }
}
