import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// How a test request authenticates: a session cookie or an access token, and the
/// `New-Api-User` value it sends (the user's id unless a test overrides it).
struct Identity: Sendable {
    var userID: Int64
    var cookie: String?
    var token: String?
    /// nil: send the user id; "": send no header; else send this text.
    var newAPIUser: String?

    func with(newAPIUser: String) -> Identity {
        var copy = self
        copy.newAPIUser = newAPIUser
        return copy
    }
}

/// A reply, its envelope decoded.
struct APIResponse: @unchecked Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: Data
    var json: [String: Any]

    var success: Bool { json["success"] as? Bool ?? false }
    var message: String { json["message"] as? String ?? "" }
    var data: Any? { json["data"] }
    var object: [String: Any] { json["data"] as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Sends requests to the application — over the test's one connection to a live server, or
/// straight into its router — with auth headers from one place.
struct APIClient: Sendable {
    typealias Send =
        @Sendable (HTTPRequest.Method, String, HTTPFields, ByteBuffer?) async throws -> (
            HTTPResponse.Status, HTTPFields, ByteBuffer?
        )
    private let send: Send
    /// The server's port, for tests that open connections of their own (0 over the router).
    var port: Int = 0

    /// Over a connection to a live server.
    init(client: TestClient, port: Int = 0) {
        self.port = port
        send = { method, path, headers, body in
            let response = try await client.execute(.init(path, method: method, headers: headers, body: body))
            return (response.status, response.headers, response.body)
        }
    }

    /// Into the router of `app.test(.router)`.
    init(router client: any TestClientProtocol) {
        send = { method, path, headers, body in
            let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
            return (response.status, response.headers, response.body)
        }
    }

    func request(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil, as identity: Identity? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = extra
        if let identity {
            if let cookie = identity.cookie { headers[.cookie] = "session=\(cookie)" }
            if let token = identity.token { headers[.authorization] = "Bearer \(token)" }
            let value = identity.newAPIUser ?? String(identity.userID)
            if !value.isEmpty { headers[HTTPField.Name("New-Api-User")!] = value }
        }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(string: json)
        }
        let (status, replyHeaders, replyBody) = try await send(method, path, headers, body)
        let data = replyBody.map { Data($0.readableBytesView) } ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return APIResponse(status: status, headers: replyHeaders, body: data, json: object)
    }

    func get(_ path: String, as identity: Identity? = nil) async throws -> APIResponse {
        try await request(.get, path, as: identity)
    }

    func post(_ path: String, _ json: String, as identity: Identity? = nil) async throws -> APIResponse {
        try await request(.post, path, json: json, as: identity)
    }

    func put(_ path: String, _ json: String, as identity: Identity? = nil) async throws -> APIResponse {
        try await request(.put, path, json: json, as: identity)
    }

    func delete(_ path: String, as identity: Identity? = nil) async throws -> APIResponse {
        try await request(.delete, path, as: identity)
    }
}
