import Foundation

/// SQL LIKE patterns with `!` as the escape character (`LIKE ? ESCAPE '!'`), so that `%`, `_`
/// and `!` in user input match themselves.
public enum LikePattern {
    /// `text` with its wildcards and the escape character escaped.
    public static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%")
            .replacingOccurrences(of: "_", with: "!_")
    }

    /// Matches any text containing `text`.
    public static func containing(_ text: String) -> String { "%" + escaped(text) + "%" }
}
