import Foundation

/// One HTML e-mail as OneLedger sends it (verification codes, reset links), rendered for SMTP's
/// DATA: RFC 5322 headers with UTF-8 display names and subject as RFC 2047 encoded words, CRLF
/// line ends, and dot-stuffing (RFC 5321 §4.5.2), ended by the lone dot.
struct MailMessage: Sendable, Equatable {
    /// The envelope sender and `From` address.
    var from: String
    /// The `From` display name (the site's `SystemName`); may be empty.
    var fromName: String
    var to: String
    var subject: String
    var html: String

    /// The DATA payload, headers and body, dot-stuffed and ended by `CRLF.CRLF`.
    /// - Parameters:
    ///   - date: the `Date` header's time.
    ///   - messageID: the `Message-ID` without angle brackets.
    ///   - eightBit: the server offers 8BITMIME, so the body goes as UTF-8 text; else base64.
    func data(date: Date, messageID: String, eightBit: Bool) -> String {
        var lines = [
            "From: " + Self.mailbox(name: fromName, address: from),
            "To: <\(to)>",
            "Subject: " + Self.encodedWords(subject),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/html; charset=UTF-8",
        ]
        if eightBit {
            lines.append("Content-Transfer-Encoding: 8bit")
            lines.append("")
            lines += Self.textLines(html)
        } else {
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines += Self.base64Lines(Array(html.utf8))
        }
        return Self.dotStuffed(lines).joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// A line that starts with a dot gets a second one; the receiver removes it.
    static func dotStuffed(_ lines: [String]) -> [String] {
        lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }
    }

    /// The body's lines, whatever line ends it had (CR, LF or CRLF), none longer than 998 octets.
    static func textLines(_ text: String) -> [String] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines: [String] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = Substring(line)
            while rest.utf8.count > 998 {
                var cut = rest.startIndex
                var bytes = 0
                for index in rest.indices {
                    let width = rest[index].utf8.count
                    if bytes + width > 998 { break }
                    bytes += width
                    cut = rest.index(after: index)
                }
                lines.append(String(rest[..<cut]))
                rest = rest[cut...]
            }
            lines.append(String(rest))
        }
        return lines
    }

    static func base64Lines(_ bytes: [UInt8]) -> [String] {
        let text = Data(bytes).base64EncodedString()
        var lines: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex
            lines.append(String(text[index..<end]))
            index = end
        }
        return lines
    }

    /// `text` as it may stand in a header: unchanged when printable ASCII, else RFC 2047 `B`
    /// encoded words of whole characters (at most 75 octets each), folded onto continuation lines.
    static func encodedWords(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flat.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return flat }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in flat {
            let bytes = Array(character.utf8)
            // 45 octets encode to 60 characters: with `=?UTF-8?B?` and `?=` a word stays ≤ 75.
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    static func mailbox(name: String, address: String) -> String {
        guard !name.isEmpty else { return "<\(address)>" }
        let printable = name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" }
        return (printable ? "\"\(name)\"" : encodedWords(name)) + " <\(address)>"
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
