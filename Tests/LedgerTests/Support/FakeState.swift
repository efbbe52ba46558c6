import Ledger

/// A `DecisionState` made of plain values, for testing decisions as input → output.
struct FakeState: DecisionState {
    var users: [Int64: UserSnapshot] = [:]
    var options: [String: String] = [:]
    var setUp = false
    var maxID: Int64?

    func user(id: Int64) throws(LedgerError) -> UserSnapshot? { users[id] }
    func userID(username: String) throws(LedgerError) -> Int64? { users.values.first { $0.username == username }?.id }
    func userID(affCode: String) throws(LedgerError) -> Int64? { users.values.first { $0.affCode == affCode }?.id }
    func maxUserID() throws(LedgerError) -> Int64 { maxID ?? users.keys.max() ?? 0 }
    func users(email: String) throws(LedgerError) -> [UserSnapshot] {
        users.values.filter { !email.isEmpty && $0.email == email }.sorted { $0.id < $1.id }
    }

    var topUpOrders: [String: TopUpOrderSnapshot] = [:]

    func topUpOrder(tradeNo: String) throws(LedgerError) -> TopUpOrderSnapshot? { topUpOrders[tradeNo] }
    func maxTopUpOrderID() throws(LedgerError) -> Int64 { topUpOrders.values.map(\.id).max() ?? 0 }
    func storedOption(_ key: String) throws(LedgerError) -> String? { options[key] }
    func isSetUp() throws(LedgerError) -> Bool { setUp }
    func rootExists() throws(LedgerError) -> Bool { users.values.contains { $0.role == Role.root } }

    /// Bound account ids by binding and user.
    var bindings: [UserBinding: [Int64: String]] = [:]

    func userID(binding: UserBinding, value: String) throws(LedgerError) -> Int64? {
        bindings[binding]?.first { $0.value == value }?.key
    }
    func binding(_ binding: UserBinding, ofUser id: Int64) throws(LedgerError) -> String {
        bindings[binding]?[id] ?? ""
    }

    var tokens: [Int64: TokenSnapshot] = [:]
    var redemptions: [Int64: RedemptionSnapshot] = [:]
    var redemptionFingerprints: [String: Int64] = [:]

    func token(id: Int64) throws(LedgerError) -> TokenSnapshot? { tokens[id] }
    func tokenCount(userID: Int64) throws(LedgerError) -> Int64 {
        Int64(tokens.values.filter { $0.userID == userID }.count)
    }
    func maxTokenID() throws(LedgerError) -> Int64 { tokens.keys.max() ?? 0 }
    func redemption(id: Int64) throws(LedgerError) -> RedemptionSnapshot? { redemptions[id] }
    func redemption(fingerprint: String) throws(LedgerError) -> RedemptionSnapshot? {
        redemptionFingerprints[fingerprint].flatMap { redemptions[$0] }
    }
    func invalidRedemptions(now: Int64) throws(LedgerError) -> [RedemptionSnapshot] {
        redemptions.values.filter { $0.status != RedemptionStatus.enabled || $0.isExpired(at: now) }.sorted {
            $0.id < $1.id
        }
    }
    func maxRedemptionID() throws(LedgerError) -> Int64 { redemptions.keys.max() ?? 0 }

    var channels: [Int64: ChannelSnapshot] = [:]

    func channel(id: Int64) throws(LedgerError) -> ChannelSnapshot? { channels[id] }
    func channels(tag: String) throws(LedgerError) -> [ChannelSnapshot] {
        channels.values.filter { $0.fields.tag == tag }.sorted { $0.id < $1.id }
    }
    func disabledChannels() throws(LedgerError) -> [ChannelSnapshot] {
        channels.values.filter { $0.fields.status == 2 || $0.fields.status == 3 }.sorted { $0.id < $1.id }
    }
    func channelCount() throws(LedgerError) -> Int64 { Int64(channels.count) }
    func maxChannelID() throws(LedgerError) -> Int64 { channels.keys.max() ?? 0 }

    var seenRequests: Set<String> = []
    var reservations: [String: ReservationSnapshot] = [:]

    func requestSeen(_ requestID: String) throws(LedgerError) -> Bool { seenRequests.contains(requestID) }
    func billedUser(id: Int64) throws(LedgerError) -> BilledUser? {
        users[id].map { BilledUser(id: $0.id, quota: $0.quota, deleted: $0.deleted, status: $0.status) }
    }
    func billedToken(id: Int64) throws(LedgerError) -> BilledToken? {
        tokens[id].map {
            BilledToken(
                id: $0.id, userID: $0.userID, remainQuota: $0.fields.remainQuota, unlimited: $0.fields.unlimitedQuota,
                status: $0.fields.status, expiredTime: $0.fields.expiredTime)
        }
    }
    func channelExists(id: Int64) throws(LedgerError) -> Bool { channels[id] != nil }
    func reservation(requestID: String) throws(LedgerError) -> ReservationSnapshot? { reservations[requestID] }
    func expiredReservations(at now: Int64, limit: Int) throws(LedgerError) -> [ReservationSnapshot] {
        Array(
            reservations.values.filter { $0.status == .open && $0.expiresAt <= now }.sorted {
                $0.expiresAt < $1.expiresAt
            }
            .prefix(limit))
    }

    static var withRootAdminAndUser: FakeState {
        var state = FakeState()
        state.setUp = true
        state.users[1] = UserSnapshot(id: 1, username: "root", role: Role.root, quota: 100_000_000)
        state.users[2] = UserSnapshot(id: 2, username: "admin", role: Role.admin, affCode: "ADMN")
        state.users[3] = UserSnapshot(id: 3, username: "alice", quota: 1_000, affCode: "ALCE")
        return state
    }
}

let now = CommandContext(actorID: 1, requestID: "r1", clientIP: "127.0.0.1", now: 1_700_000_000_000)
let root = Operator(id: 1, username: "root", role: Role.root, authMethod: "session")
let admin = Operator(id: 2, username: "admin", role: Role.admin, authMethod: "session")

func refusal(_ body: () throws -> [LedgerEvent]) -> LedgerError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? LedgerError
    }
}

extension FakeState {
    func logCount(before target: Int64) throws(LedgerError) -> Int64 { 0 }
    func task(kind: String, taskID: String) throws(LedgerError) -> Oneledger_V1_TaskReported? { nil }
    func maxTaskRowID(kind: String) throws(LedgerError) -> Int64 { 0 }
}
