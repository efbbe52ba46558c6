import Foundation
import Hummingbird
import NIOCore

/// `GET /api/openapi.json`: the OpenAPI 3.1 document of the whole API, as kept in
/// `Sources/APIGateway/OpenAPI/openapi.json` (a resource of this module).
struct OpenAPIRoutes: Sendable {
    /// The document's bytes, read once when the router is built; nil when the resource is missing.
    let document: ByteBuffer?

    init() {
        document = Self.load().map { ByteBuffer(bytes: $0) }
    }

    /// Where the module's resources keep the document.
    static var documentURL: URL? { Bundle.module.url(forResource: "openapi", withExtension: "json") }

    /// The document as shipped in the module's resources.
    static func load() -> Data? {
        documentURL.flatMap { try? Data(contentsOf: $0) }
    }

    func register(on router: some RouterMethods<GatewayContext>) {
        router.get("openapi.json") { _, _ in
            guard let document else {
                throw HTTPError(.internalServerError, message: "the OpenAPI document is missing")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: document))
        }
    }
}
