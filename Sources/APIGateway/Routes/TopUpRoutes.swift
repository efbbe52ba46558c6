import Engine
import Foundation
import Hummingbird
import Ledger
import Projections

/// `POST /api/user/topup`: redeem a code. The key is looked up by fingerprint; the writer's one
/// decision checks, marks used and credits, so a code pays out exactly once.
struct TopUpRoutes: Sendable {
    let commands: CommandRunner

    func register(critical router: some RouterMethods<SignedInContext>) {
        router.post("user/topup", use: topUp)
    }

    struct Input: Decodable { var key: String? }

    @Sendable func topUp(_ request: Request, context: SignedInContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(Input.self, context: context)
        let key = input.key?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !key.isEmpty, key.utf8.count <= 64 else { throw LedgerError.redemptionInvalid }
        let events = try await commands.run(
            RedeemCode(userID: context.caller.id, keyFingerprint: SecretSealer.fingerprint(key)), context)
        guard case .redemptionCodeRedeemed(let redeemed) = events.first?.event else {
            throw LedgerError.redemptionInvalid
        }
        return Envelope.success(redeemed.quota)
    }
}
