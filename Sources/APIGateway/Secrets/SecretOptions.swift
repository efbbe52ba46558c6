import Engine
import Projections

/// Reads a secret option (an OAuth client secret, an SMTP password…) in clear for the code
/// that must use it: stored values are sealed; those from before sealing are used as stored.
extension GatewayServices {
    func secretOption(_ key: String) async throws -> String {
        guard let stored = try await engine.options.value(key) else { return "" }
        guard let sealed = OptionValue.sealedBytes(stored) else { return stored }
        return try sealer.open(sealed)
    }
}
