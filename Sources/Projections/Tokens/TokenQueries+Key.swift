import GRDB

extension TokenQueries {
    /// The live token whose whole key has this fingerprint, whoever owns it (key auth).
    public func token(keyFingerprint: String) async throws -> TokenRecord? {
        try await reader.read { db in
            try TokenRecord.fetchOne(
                db, sql: "SELECT * FROM tokens WHERE key_fingerprint = ? AND deleted_at IS NULL",
                arguments: [keyFingerprint])
        }
    }
}
