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

/// Sends requests over the test's one connection, with auth headers from one place.
struct APIClient: Sendable {
    let client: TestClient
    /// The server's port, for tests that open connections of their own.
    var port: Int = 0

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
        let response = try await client.execute(.init(path, method: method, headers: headers, body: body))
        let data = response.body.map { Data($0.readableBytesView) } ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return APIResponse(status: response.status, headers: response.headers, body: data, json: object)
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
