import Hummingbird
import Projections

/// The answer of every successful login (password, OAuth, WeChat, Telegram): the user's
/// `{id, username, display_name, role, status, group}` and a fresh `session` cookie.
enum SignedInReply {
    struct View: Encodable {
        var id: Int64
        var username: String
        var display_name: String
        var role: Int32
        var status: Int32
        var group: String
    }

    static func response(_ user: UserRecord, sessions: SessionSigner, now: Int64) -> Response {
        var response = Envelope.success(
            View(
                id: user.id, username: user.username, display_name: user.displayName, role: user.role,
                status: user.status, group: user.group))
        response.setCookie(
            Cookie(
                name: SessionSigner.cookieName, value: sessions.value(userID: user.id, issuedAt: now),
                maxAge: SessionSigner.lifetime, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }
}
