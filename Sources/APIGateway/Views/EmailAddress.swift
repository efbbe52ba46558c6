import Foundation

/// E-mail addresses as the e-mail routes take them: trimmed, lower-cased, at most 50 characters
/// (the users model's limit), `local@domain` with a dotted domain; plus the domain whitelist and
/// alias rules of `EmailDomainRestrictionEnabled` and `EmailAliasRestrictionEnabled`.
enum EmailAddress {
    static let maxLength = 50
    private static let localCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~.-")
    private static let domainCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")

    /// The address in canonical form, or nil when it is not one.
    static func normalized(_ text: String?) -> String? {
        guard let text else { return nil }
        let email = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard email.count <= maxLength else { return nil }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty,
            local.allSatisfy(localCharacters.contains), !local.hasPrefix("."), !local.hasSuffix("."),
            !local.contains(".."), domain.allSatisfy(domainCharacters.contains)
        else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") })
        else { return nil }
        return email
    }

    static func domainAllowed(_ email: String, whitelist: String) -> Bool {
        let domain = email.split(separator: "@").last.map(String.init) ?? ""
        return whitelist.split(separator: ",").contains {
            $0.trimmingCharacters(in: .whitespaces).lowercased() == domain
        }
    }

    /// `+` or `.` in the local part.
    static func hasAlias(_ email: String) -> Bool {
        let local = email.split(separator: "@").first ?? ""
        return local.contains("+") || local.contains(".")
    }

    static func queryEscaped(_ email: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        return email.addingPercentEncoding(withAllowedCharacters: allowed) ?? email
    }
}
