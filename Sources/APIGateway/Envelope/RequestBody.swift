import Foundation
import Hummingbird
import Ledger
import NIOCore
import Projections

/// Reading JSON bodies leniently, as New API does: unknown fields are ignored; malformed JSON
/// or wrong types are "Invalid parameters" (or the route's own message); an oversized body is 413;
/// a string with U+0000 is refused (`ClientText`).
extension Request {
    /// Decodes the body as `T`, or throws `refusal` when it is not that JSON.
    mutating func decodeJSON<T: Decodable>(
        _ type: T.Type, context: some RequestContext, refusal: APIError = .invalidParameters
    ) async throws -> T {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        try ClientText.checkJSON(buffer)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw refusal
        }
    }

    /// The body as a JSON object (for routes whose mode depends on which keys are present).
    mutating func jsonObject(context: some RequestContext, refusal: APIError = .invalidParameters) async throws
        -> [String: JSONValue]
    {
        guard let members = try await decodeJSON(JSONValue.self, context: context, refusal: refusal).members else {
            throw refusal
        }
        return members
    }
}
