import Foundation
import HTTPTypes

/// Ready-made actors for tests: root after setup, signed-in users, admins, access tokens.
struct Fixtures: Sendable {
    let api: APIClient
    let dataDirectory: String

    static let rootPassword = "rootpass123"
    static let password = "password123"

    /// Completes setup and signs root in.
    @discardableResult
    func root() async throws -> Identity {
        let setup = try await api.get("/api/setup")
        if (setup.object["status"] as? Bool) != true {
            let reply = try await api.post(
                "/api/setup",
                #"{"username":"root","password":"\#(Self.rootPassword)","confirmPassword":"\#(Self.rootPassword)"}"#)
            guard reply.success else { throw TestFailure("setup failed: \(reply.text)") }
        }
        return try await login("root", Self.rootPassword)
    }

    func login(_ username: String, _ password: String = Fixtures.password) async throws -> Identity {
        let reply = try await api.post("/api/user/login", #"{"username":"\#(username)","password":"\#(password)"}"#)
        guard reply.success, let id = (reply.object["id"] as? NSNumber)?.int64Value else {
            throw TestFailure("login of \(username) failed: \(reply.text)")
        }
        guard let setCookie = reply.headers[.setCookie], let start = setCookie.range(of: "session=") else {
            throw TestFailure("no session cookie")
        }
        let value = setCookie[start.upperBound...].prefix { $0 != ";" }
        return Identity(userID: id, cookie: String(value))
    }

    /// Registers `username` and signs them in.
    func signedInUser(_ username: String) async throws -> Identity {
        let reply = try await api.post(
            "/api/user/register", #"{"username":"\#(username)","password":"\#(Self.password)"}"#)
        guard reply.success else { throw TestFailure("register \(username) failed: \(reply.text)") }
        return try await login(username)
    }

    /// A user promoted to admin by root.
    func admin(_ username: String, root: Identity) async throws -> Identity {
        let user = try await signedInUser(username)
        let reply = try await api.post("/api/user/manage", #"{"id":\#(user.userID),"action":"promote"}"#, as: root)
        guard reply.success else { throw TestFailure("promote failed: \(reply.text)") }
        return user
    }

    /// A fresh access token for `identity`, as an identity that uses it instead of the cookie.
    func tokenIdentity(_ identity: Identity) async throws -> Identity {
        let reply = try await api.get("/api/user/token", as: identity)
        guard reply.success, let token = reply.data as? String else { throw TestFailure("token failed: \(reply.text)") }
        return Identity(userID: identity.userID, token: token)
    }
}
