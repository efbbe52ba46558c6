import GRDB
public import Ledger

/// `DecisionState` over the writer's connection: decisions read the rows as the batch so far
/// left them. SQLite failures become `LedgerError.stateUnavailable`.
struct DatabaseDecisionState: DecisionState {
    let db: Database

    func read<T>(_ body: () throws -> T) throws(LedgerError) -> T {
        do { return try body() } catch { throw .stateUnavailable(String(describing: error)) }
    }

    func user(id: Int64) throws(LedgerError) -> UserSnapshot? {
        try read {
            try UserRecord.fetchOne(db, cachedSQL: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(\.snapshot)
        }
    }

    func userID(username: String) throws(LedgerError) -> Int64? {
        try read { try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE username = ?", arguments: [username]) }
    }

    func userID(affCode: String) throws(LedgerError) -> Int64? {
        guard !affCode.isEmpty else { return nil }
        return try read { try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE aff_code = ?", arguments: [affCode]) }
    }

    func users(email: String) throws(LedgerError) -> [UserSnapshot] {
        guard !email.isEmpty else { return [] }
        return try read {
            try UserRecord.fetchAll(db, sql: "SELECT * FROM users WHERE email = ? ORDER BY id", arguments: [email])
                .map(\.snapshot)
        }
    }

    func maxUserID() throws(LedgerError) -> Int64 {
        // Hard-deleted ids are never reused: the largest id any registration recorded counts too.
        try read {
            max(
                try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM users") ?? 0,
                try Int64.fetchOne(db, sql: "SELECT max_user_id FROM users_sequence WHERE id = 1") ?? 0)
        }
    }

    func storedOption(_ key: String) throws(LedgerError) -> String? {
        try read { try String.fetchOne(db, sql: "SELECT value FROM options WHERE key = ?", arguments: [key]) }
    }

    func isSetUp() throws(LedgerError) -> Bool {
        try read { try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM setups)") ?? false }
    }

    func rootExists() throws(LedgerError) -> Bool {
        try read { try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM users WHERE role = 100)") ?? false }
    }
}

extension UserRecord {
    /// The facts decisions need about this user.
    public var snapshot: UserSnapshot {
        UserSnapshot(
            id: id, username: username, displayName: displayName, role: role, status: status, group: group,
            remark: remark, quota: quota, affCode: affCode, setting: setting, deleted: deletedAt != nil,
            hasPassword: !password.isEmpty, affQuota: affQuota, email: email)
    }
}

extension DatabaseDecisionState {
    func userID(binding: UserBinding, value: String) throws(LedgerError) -> Int64? {
        guard !value.isEmpty else { return nil }
        return try read {
            try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE \(binding.column) = ?", arguments: [value])
        }
    }

    func binding(_ binding: UserBinding, ofUser id: Int64) throws(LedgerError) -> String {
        try read {
            try String.fetchOne(db, sql: "SELECT \(binding.column) FROM users WHERE id = ?", arguments: [id]) ?? ""
        }
    }
}
