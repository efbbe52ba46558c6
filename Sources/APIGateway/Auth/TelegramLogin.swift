import Engine
import Hummingbird

/// Checks the fields of Telegram's login widget (`/api/oauth/telegram/login` and `/bind`): the
/// `hash` is the HMAC-SHA256, keyed by SHA-256 of the bot token, of the other fields as sorted
/// `key=value` lines; `auth_date` is at most 5 minutes old and at most 2 minutes ahead.
struct TelegramLogin: Sendable {
    static let maxAge: Int64 = 300
    static let maxAhead: Int64 = 120

    /// The Telegram account id the fields vouch for, or nil when they do not check out.
    static func accountID(_ query: [(String, String)], botToken: String, now: Int64) -> String? {
        guard !botToken.isEmpty, query.count <= 32 else { return nil }
        var hash = ""
        var lines: [String] = []
        var seen: Set<String> = []
        for (key, value) in query {
            // A repeated key could make the signed text ambiguous.
            guard seen.insert(key).inserted else { return nil }
            if key == "hash" { hash = value } else { lines.append(key + "=" + value) }
        }
        let fields = Dictionary(query, uniquingKeysWith: { first, _ in first })
        guard !hash.isEmpty, let id = fields["id"], !id.isEmpty, let date = fields["auth_date"].flatMap({ Int64($0) }),
            now - date <= maxAge, date - now <= maxAhead
        else { return nil }
        let text = lines.sorted().joined(separator: "\n")
        return MessageAuthenticator(sha256Of: botToken).isValid(hash, for: text) ? id : nil
    }
}
