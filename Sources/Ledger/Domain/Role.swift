/// User roles and statuses (docs/api.md, Authentication).
public enum Role {
    public static let guest: Int32 = 0
    public static let common: Int32 = 1
    public static let admin: Int32 = 10
    public static let root: Int32 = 100

    /// Only 0, 1, 10 and 100 are roles.
    public static func isValid(_ role: Int32) -> Bool { [0, 1, 10, 100].contains(role) }
}

public enum UserStatus {
    public static let enabled: Int32 = 1
    public static let disabled: Int32 = 2
}

/// Limits on what a request may carry (docs/api.md, Conventions).
public enum QuotaLimits {
    /// Quota amounts in requests are integers from 0 to 10^15.
    public static let maxRequestAmount: Int64 = 1_000_000_000_000_000
}
