/// The input rules for usernames and passwords (docs/api.md, Users (admin)), checked before a
/// password is hashed so that a refused request costs no bcrypt round.
public enum UserValidation {
    /// Register, admin create and update: non-empty after trimming and at most 20 characters.
    public static func checkUsername(_ username: String) throws(LedgerError) {
        let trimmed = username.trimmingSpaces
        if trimmed.isEmpty { throw .invalidParameters }
        if username.count > 20 {
            throw .invalidInput("Key: 'User.Username' Error:Field validation for 'Username' failed on the 'max' tag")
        }
    }

    /// Passwords are 8 to 20 characters.
    public static func checkPassword(_ password: String) throws(LedgerError) {
        if password.count < 8 {
            throw .invalidInput("Key: 'User.Password' Error:Field validation for 'Password' failed on the 'min' tag")
        }
        if password.count > 20 {
            throw .invalidInput("Key: 'User.Password' Error:Field validation for 'Password' failed on the 'max' tag")
        }
    }

    /// Display names are at most 20 characters.
    public static func checkDisplayName(_ name: String) throws(LedgerError) {
        if name.count > 20 {
            throw .invalidInput(
                "Key: 'User.DisplayName' Error:Field validation for 'DisplayName' failed on the 'max' tag")
        }
    }

    /// Remarks are at most 255 characters.
    public static func checkRemark(_ remark: String) throws(LedgerError) {
        if remark.count > 255 {
            throw .invalidInput("Key: 'User.Remark' Error:Field validation for 'Remark' failed on the 'max' tag")
        }
    }

    /// Setup: username at most 12 bytes, password at least 8 and equal to its confirmation.
    public static func checkSetup(username: String, password: String, confirmation: String) throws(LedgerError) {
        if username.utf8.count > 12 { throw .setupUsernameTooLong }
        if username.trimmingSpaces.isEmpty { throw .invalidParameters }
        if password != confirmation { throw .setupPasswordMismatch }
        if password.count < 8 { throw .setupPasswordTooShort }
    }

    /// Groups are stored in a varchar(64).
    public static func checkGroup(_ group: String) throws(LedgerError) {
        if group.utf8.count > 64 {
            throw .invalidInput("Key: 'User.Group' Error:Field validation for 'Group' failed on the 'max' tag")
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
