import Foundation
import GRDB
import Ledger

/// Builds a small New API-shaped SQLite database for the import tests: the tables and columns
/// of New API's models (users, tokens, channels, abilities, redemptions, options, logs,
/// quota_data) with deterministic rows, a few of them deliberately bad, and keeps the facts the
/// tests compare after an import.
struct NewAPIDatabase {
    struct User {
        var id: Int64, username: String, quota: Int64, used: Int64, requests: Int64, deleted: Bool
    }

    struct Token {
        var id: Int64, userID: Int64, key: String, name: String, remain: Int64, used: Int64, unlimited: Bool
    }

    var users: [User] = []
    var tokens: [Token] = []
    var channels: [(id: Int64, name: String, used: Int64, status: Int64)] = []
    var consumeQuota: Int64 = 0
    var consumeRows = 0
    var logRows = 0
    var statisticsQuota: Int64 = 0
    var statisticsCount: Int64 = 0
    /// Rows the import must refuse, by table.
    let refused = ["tokens": 1, "logs": 1]
    /// Abilities rows that do not follow from their channel.
    let strayAbilities = 1

    static let schema = """
        CREATE TABLE options (key text PRIMARY KEY, value text);
        CREATE TABLE users (id integer PRIMARY KEY, username text UNIQUE, password text, display_name text,
          role integer DEFAULT 1, status integer DEFAULT 1, email text, github_id text, discord_id text, oidc_id text,
          wechat_id text, telegram_id text, linux_do_id text, access_token char(32), quota integer DEFAULT 0,
          used_quota integer DEFAULT 0, request_count integer DEFAULT 0, "group" varchar(64) DEFAULT 'default',
          aff_code varchar(32), aff_count integer DEFAULT 0, aff_quota integer DEFAULT 0, aff_history integer DEFAULT 0,
          inviter_id integer, deleted_at datetime, setting text, remark varchar(255), stripe_customer varchar(64),
          created_at bigint, last_login_at bigint DEFAULT 0);
        CREATE TABLE tokens (id integer PRIMARY KEY, user_id integer, "key" char(48) UNIQUE, status integer DEFAULT 1,
          name text, created_time bigint, accessed_time bigint, expired_time bigint DEFAULT -1,
          remain_quota integer DEFAULT 0, unlimited_quota numeric, model_limits_enabled numeric, model_limits text,
          allow_ips text, used_quota integer DEFAULT 0, "group" text DEFAULT '', cross_group_retry numeric,
          deleted_at datetime);
        CREATE TABLE channels (id integer PRIMARY KEY, type integer DEFAULT 0, "key" text, openai_organization text,
          test_model text, status integer DEFAULT 1, name text, weight integer DEFAULT 0, created_time bigint,
          test_time bigint, response_time integer, base_url text DEFAULT '', other text, balance real,
          balance_updated_time bigint, models text, "group" varchar(64) DEFAULT 'default', used_quota bigint DEFAULT 0,
          model_mapping text, status_code_mapping varchar(1024) DEFAULT '', priority bigint DEFAULT 0,
          auto_ban integer DEFAULT 1, other_info text, tag text, setting text, param_override text,
          header_override text, remark varchar(255), channel_info json, settings text);
        CREATE TABLE abilities ("group" varchar(64), model varchar(255), channel_id integer, enabled numeric,
          priority bigint DEFAULT 0, weight integer DEFAULT 0, tag text, PRIMARY KEY ("group", model, channel_id));
        CREATE TABLE redemptions (id integer PRIMARY KEY, user_id integer, "key" char(32) UNIQUE,
          status integer DEFAULT 1, name text, quota bigint DEFAULT 100, created_time bigint, redeemed_time bigint,
          used_user_id integer, deleted_at datetime, expired_time bigint);
        CREATE TABLE logs (id integer PRIMARY KEY AUTOINCREMENT, user_id integer, created_at bigint, type integer,
          content text, username text DEFAULT '', token_name text DEFAULT '', model_name text DEFAULT '',
          quota integer DEFAULT 0, prompt_tokens integer DEFAULT 0, completion_tokens integer DEFAULT 0,
          use_time integer DEFAULT 0, is_stream numeric, channel_id integer, channel_name text, token_id integer DEFAULT 0,
          "group" text, ip text DEFAULT '', request_id text, other text);
        CREATE TABLE quota_data (id integer PRIMARY KEY, user_id integer, username text DEFAULT '',
          model_name text DEFAULT '', created_at bigint, token_used integer DEFAULT 0, count integer DEFAULT 0,
          quota integer DEFAULT 0);
        """

    /// Writes the database at `path`; `rootHash` and `userHash` are bcrypt hashes the tests can sign in with.
    static func write(_ path: String, rootHash: String, userHash: String, logs: Int = 300) throws -> NewAPIDatabase {
        var facts = NewAPIDatabase()
        var random = SplitMix64(seed: 11)
        let queue = try DatabaseQueue(path: path)
        let start: Int64 = 1_760_000_000
        let models = ["gpt-4o", "claude-3-5-sonnet", "deepseek-chat"]
        try queue.write { db in
            try db.execute(sql: schema)
            try db.execute(
                sql:
                    "INSERT INTO options (key, value) VALUES ('Notice', 'imported notice'), ('QuotaPerUnit', '500000'), ('SMTPToken', 'smtp-secret')"
            )
            for id: Int64 in 1...6 {
                let user = User(
                    id: id, username: id == 1 ? "root" : "user\(id)", quota: Int64(random.next(below: 50_000_000)),
                    used: Int64(random.next(below: 9_000_000)), requests: Int64(random.next(below: 900)),
                    deleted: id == 6)
                facts.users.append(user)
                try db.execute(
                    sql: """
                        INSERT INTO users (id, username, password, display_name, role, status, email, quota, used_quota,
                          request_count, "group", aff_code, access_token, deleted_at, setting, created_at)
                        VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, user.username, id == 1 ? rootHash : userHash, "User \(id)", id == 1 ? 100 : 1,
                        "u\(id)@example.com", user.quota, user.used, user.requests, id % 2 == 0 ? "vip" : "default",
                        "af\(id)", id == 2 ? "abcdefghijklmnopqrstuvwxyz012345" : nil,
                        user.deleted ? "2025-10-01 10:00:00+00:00" : nil, #"{"gotify_priority":0}"#,
                        start - 86_400 * id,
                    ])
            }
            var tokenID: Int64 = 0
            for user in facts.users where !user.deleted {
                for n in 0..<(1 + Int(user.id % 2)) {
                    tokenID += 1
                    let token = Token(
                        id: tokenID, userID: user.id, key: random.key(48), name: "tok\(user.id)-\(n)",
                        remain: Int64(random.next(below: 5_000_000)), used: Int64(random.next(below: 2_000_000)),
                        unlimited: n == 1)
                    facts.tokens.append(token)
                    try db.execute(
                        sql: """
                            INSERT INTO tokens (id, user_id, "key", status, name, created_time, accessed_time, remain_quota,
                              unlimited_quota, model_limits_enabled, model_limits, allow_ips, used_quota, "group")
                            VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, 0, '', '', ?, '')
                            """,
                        arguments: [
                            token.id, token.userID, token.key, token.name, start, start + 60, token.remain,
                            token.unlimited, token.used,
                        ])
                }
            }
            // A token of a user the source does not hold: refused.
            try db.execute(
                sql: "INSERT INTO tokens (id, user_id, \"key\", name, created_time) VALUES (99, 4242, ?, 'orphan', ?)",
                arguments: [random.key(48), start])
            for id: Int64 in 1...3 {
                let used = Int64(random.next(below: 7_000_000))
                let status: Int64 = id == 3 ? 2 : 1
                facts.channels.append((id, "chan\(id)", used, status))
                try db.execute(
                    sql: """
                        INSERT INTO channels (id, type, "key", status, name, weight, created_time, models, "group",
                          used_quota, priority, auto_ban, channel_info, balance)
                        VALUES (?, 1, ?, ?, ?, 0, ?, ?, ?, ?, ?, 1, '{"is_multi_key":false,"multi_key_size":0}', 1.5)
                        """,
                    arguments: [
                        id, "sk-upstream-\(id)", status, "chan\(id)", start, models.joined(separator: ","),
                        id == 2 ? "default,vip" : "default", used, id,
                    ])
                for group in (id == 2 ? ["default", "vip"] : ["default"]) {
                    for model in models {
                        try db.execute(
                            sql:
                                "INSERT INTO abilities (\"group\", model, channel_id, enabled, priority, weight, tag) VALUES (?, ?, ?, ?, ?, 0, '')",
                            arguments: [group, model, id, status == 1, id])
                    }
                }
            }
            try db.execute(
                sql: "INSERT INTO abilities (\"group\", model, channel_id, enabled) VALUES ('svip', 'gpt-4o', 1, 1)")
            for id: Int64 in 1...3 {
                try db.execute(
                    sql: """
                        INSERT INTO redemptions (id, user_id, "key", status, name, quota, created_time, redeemed_time,
                          used_user_id, expired_time)
                        VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 0)
                        """,
                    arguments: [
                        id, random.key(32).lowercased(), id == 1 ? 3 : 1, "gift\(id)", 1000 * id, start,
                        id == 1 ? start + 5 : 0, id == 1 ? 2 : 0,
                    ])
            }
            var buckets:
                [String: (
                    user: Int64, name: String, model: String, hour: Int64, used: Int64, count: Int64, quota: Int64
                )] = [:]
            let live = facts.tokens
            for i in 0..<logs {
                let token = live[random.next(below: live.count)]
                let model = models[random.next(below: models.count)]
                let created = start + Int64(i) * 600
                let consume = i % 10 != 0
                let quota = consume ? Int64(100 + random.next(below: 5_000)) : 0
                let (p, c) = (Int64(random.next(below: 900)), Int64(random.next(below: 400)))
                try db.execute(
                    sql: """
                        INSERT INTO logs (user_id, created_at, type, content, username, token_name, model_name, quota,
                          prompt_tokens, completion_tokens, use_time, is_stream, channel_id, token_id, "group", ip,
                          request_id, other)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        token.userID, created, consume ? 2 : 1, consume ? "model ratio 2.5" : "topup",
                        "user\(token.userID)",
                        token.name, model, quota, p, c, 3, i % 2 == 0, 1 + Int64(i % 3), token.id, "default",
                        "10.0.0.\(i % 7)", "req-\(i)", #"{"model_ratio":2.5}"#,
                    ])
                facts.logRows += 1
                if consume {
                    facts.consumeQuota += quota
                    facts.consumeRows += 1
                    let hour = created - created % 3600
                    let key = "\(token.userID)/\(model)/\(hour)"
                    var bucket = buckets[key] ?? (token.userID, "user\(token.userID)", model, hour, 0, 0, 0)
                    bucket.used += p + c
                    bucket.count += 1
                    bucket.quota += quota
                    buckets[key] = bucket
                }
            }
            // A row of a type New API never writes: refused.
            try db.execute(
                sql: "INSERT INTO logs (user_id, created_at, type, quota) VALUES (2, ?, 99, 5)", arguments: [start])
            for bucket in buckets.values.sorted(by: { ($0.hour, $0.user, $0.model) < ($1.hour, $1.user, $1.model) }) {
                try db.execute(
                    sql:
                        "INSERT INTO quota_data (user_id, username, model_name, created_at, token_used, count, quota) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [
                        bucket.user, bucket.name, bucket.model, bucket.hour, bucket.used, bucket.count, bucket.quota,
                    ])
                facts.statisticsQuota += bucket.quota
                facts.statisticsCount += bucket.count
            }
        }
        return facts
    }
}

extension SplitMix64 {
    mutating func key(_ length: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return String((0..<length).map { _ in alphabet[next(below: alphabet.count)] })
    }
}
