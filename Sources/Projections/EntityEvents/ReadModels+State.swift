public import GRDB

extension ReadModels {
    /// The live (not soft-deleted) token `id`, whoever owns it: point-in-time state reads its
    /// scratch copy of the read models this way.
    public func token(id: Int64) async throws -> TokenRecord? {
        try await reader.read { db in
            try TokenRecord.fetchOne(
                db, sql: "SELECT * FROM tokens WHERE id = ? AND deleted_at IS NULL", arguments: [id])
        }
    }
}
