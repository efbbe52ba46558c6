import Foundation

extension Fixtures {
    /// Creates a token for `identity` and returns its id and full key.
    func token(_ identity: Identity, name: String = "ci") async throws -> (id: Int64, key: String) {
        let reply = try await api.post("/api/token/", #"{"name":"\#(name)","remain_quota":1000}"#, as: identity)
        guard reply.success, let id = (reply.object["id"] as? NSNumber)?.int64Value,
            let key = reply.object["key"] as? String
        else { throw TestFailure("token create failed: \(reply.text)") }
        return (id, key)
    }

    /// Creates `count` redemption codes worth `quota` each and returns their keys.
    func redemptionCodes(
        _ admin: Identity, count: Int = 1, quota: Int64 = 1000, expiredTime: Int64 = 0, name: String = "gift"
    ) async throws -> [String] {
        let reply = try await api.post(
            "/api/redemption/",
            #"{"name":"\#(name)","quota":\#(quota),"count":\#(count),"expired_time":\#(expiredTime)}"#,
            as: admin)
        guard reply.success, let keys = reply.data as? [String] else {
            throw TestFailure("redemption create failed: \(reply.text)")
        }
        return keys
    }

    func quota(of identity: Identity) async throws -> Int64 {
        let reply = try await api.get("/api/user/self", as: identity)
        guard let quota = (reply.object["quota"] as? NSNumber)?.int64Value else { throw TestFailure(reply.text) }
        return quota
    }

    /// The ledger head as the read models' checkpoint shows it.
    func checkpoint() async throws -> UInt64 {
        let probe = try ReadModelsProbe.open(dataDirectory)
        return try await probe.checkpoint()
    }
}
