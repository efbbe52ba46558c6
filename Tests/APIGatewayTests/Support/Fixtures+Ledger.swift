import Foundation
import HTTPTypes

/// The relay's side of the tests: the ingest key, billable users with tokens and channels,
/// and the counters usage moves, read back over HTTP.
extension Fixtures {
    static let ingestKey = "test-ingest-key-0123456789"

    /// POSTs `json` to an ingest route with the ingest key and no `New-Api-User`.
    func ingest(_ path: String, _ json: String, key: String? = Fixtures.ingestKey) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await api.request(.post, path, json: json, headers: headers)
    }

    /// A registered user with `quota`, and a token of theirs (limited to `tokenQuota`, or unlimited when nil).
    func billedUser(_ name: String, quota: Int64, tokenQuota: Int64? = 1_000_000, root: Identity) async throws
        -> (user: Identity, tokenID: Int64)
    {
        let user = try await signedInUser(name)
        let add = try await api.post(
            "/api/user/manage", #"{"id":\#(user.userID),"action":"add_quota","mode":"override","value":\#(quota)}"#,
            as: root)
        guard add.success else { throw TestFailure("quota: \(add.text)") }
        let body =
            tokenQuota.map { #"{"name":"relay","remain_quota":\#($0)}"# } ?? #"{"name":"relay","unlimited_quota":true}"#
        let reply = try await api.post("/api/token/", body, as: user)
        guard reply.success, let id = (reply.object["id"] as? NSNumber)?.int64Value else {
            throw TestFailure("token: \(reply.text)")
        }
        return (user, id)
    }

    /// Creates a channel serving `models` and returns its id.
    func channel(_ name: String, root: Identity, models: String = "gpt-4o") async throws -> Int64 {
        let reply = try await api.post(
            "/api/channel/",
            #"{"mode":"single","channel":{"name":"\#(name)","type":1,"key":"k-\#(name)","models":"\#(models)","group":"default"}}"#,
            as: root)
        guard reply.success else { throw TestFailure("channel: \(reply.text)") }
        let list = try await api.get("/api/channel/?page_size=100", as: root)
        let items = list.object["items"] as? [[String: Any]] ?? []
        guard
            let id = items.compactMap({ $0["name"] as? String == name ? ($0["id"] as? NSNumber)?.int64Value : nil })
                .first
        else { throw TestFailure("channel \(name) not listed") }
        return id
    }

    /// A user's quota, used_quota and request_count as the admin view shows them.
    func userCounters(_ id: Int64, root: Identity) async throws -> (quota: Int64, used: Int64, requests: Int64) {
        let reply = try await api.get("/api/user/\(id)", as: root)
        let o = reply.object
        guard let quota = (o["quota"] as? NSNumber)?.int64Value else { throw TestFailure("user: \(reply.text)") }
        return (
            quota, (o["used_quota"] as? NSNumber)?.int64Value ?? -1, (o["request_count"] as? NSNumber)?.int64Value ?? -1
        )
    }

    /// A token's remain_quota, used_quota and accessed_time as its owner sees them.
    func tokenCounters(_ id: Int64, owner: Identity) async throws -> (remain: Int64, used: Int64, accessed: Int64) {
        let reply = try await api.get("/api/token/\(id)", as: owner)
        let o = reply.object
        guard let remain = (o["remain_quota"] as? NSNumber)?.int64Value else {
            throw TestFailure("token: \(reply.text)")
        }
        return (
            remain, (o["used_quota"] as? NSNumber)?.int64Value ?? -1,
            (o["accessed_time"] as? NSNumber)?.int64Value ?? -1
        )
    }

    func channelUsedQuota(_ id: Int64, root: Identity) async throws -> Int64 {
        let reply = try await api.get("/api/channel/\(id)", as: root)
        guard let used = (reply.object["used_quota"] as? NSNumber)?.int64Value else { throw TestFailure(reply.text) }
        return used
    }
}

/// A usage record as JSON, with the fields a relay sends.
func usageJSON(
    _ requestID: String, user: Int64, token: Int64, channel: Int64, quota: Int64, model: String = "gpt-4o",
    other: String = #"{\"cache_tokens\":5}"#, createdAt: Int64? = nil
) -> String {
    let created = createdAt.map { #","created_at":\#($0)"# } ?? ""
    return
        #"{"request_id":"\#(requestID)","user_id":\#(user),"token_id":\#(token),"channel_id":\#(channel),"model_name":"\#(model)","group":"default","prompt_tokens":100,"completion_tokens":20,"quota":\#(quota),"use_time":2,"is_stream":true,"ip":"10.0.0.1","content":"","other":"\#(other)"\#(created)}"#
}
