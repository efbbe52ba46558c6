import Foundation

/// When a failed channel test or an empty balance switches a channel (or one of its keys) off,
/// and when a passing test switches it back on: New API's `ShouldDisableChannel` and
/// `ShouldEnableChannel` under the options `AutomaticDisableChannelEnabled`,
/// `AutomaticEnableChannelEnabled`, `ChannelDisableThreshold`, `AutomaticDisableStatusCodes`
/// and `AutomaticDisableKeywords`.
public struct AutoDisableRules: Sendable, Equatable {
    public var disableEnabled: Bool
    public var enableEnabled: Bool
    /// Seconds; a passing test slower than this counts as a failure (0: no limit).
    public var threshold: Double
    public var statusCodes: [ClosedRange<Int>]
    /// Lower-cased.
    public var keywords: [String]

    /// Error codes and types of an OpenAI-style error body that always disable.
    static let disablingCodes: Set<String> = [
        "invalid_api_key", "account_deactivated", "billing_not_active", "pre_consume_token_quota_failed", "Arrearage",
    ]
    static let disablingTypes: Set<String> = [
        "insufficient_quota", "insufficient_user_quota", "authentication_error", "permission_error", "forbidden",
    ]

    init(_ state: some DecisionState) throws(LedgerError) {
        disableEnabled = try state.boolOption("AutomaticDisableChannelEnabled")
        enableEnabled = try state.boolOption("AutomaticEnableChannelEnabled")
        threshold = Double(try state.option("ChannelDisableThreshold") ?? "") ?? 0
        statusCodes = Self.ranges(try state.option("AutomaticDisableStatusCodes") ?? "")
        keywords = (try state.option("AutomaticDisableKeywords") ?? "").split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }.filter { !$0.isEmpty }
    }

    /// `401,403, 500-599` (also as a JSON number, string or list) → the ranges; unparsable parts
    /// are skipped.
    static func ranges(_ text: String) -> [ClosedRange<Int>] {
        text.filter { !"[]\"".contains($0) }.split(separator: ",").compactMap { part in
            let bounds = part.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            switch bounds.count {
            case 1: return bounds[0].map { $0...$0 }
            case 2:
                guard let low = bounds[0], let high = bounds[1], low <= high else { return nil }
                return low...high
            default: return nil
            }
        }
    }

    /// Whether this failure disables the channel (when automatic disabling is on).
    func disables(_ outcome: ChannelTestOutcome) -> Bool {
        if outcome.overThreshold { return true }
        if outcome.statusCode > 0, statusCodes.contains(where: { $0.contains(Int(outcome.statusCode)) }) {
            return true
        }
        if Self.disablingCodes.contains(outcome.errorCode) || Self.disablingTypes.contains(outcome.errorType) {
            return true
        }
        let message = outcome.message.lowercased()
        return keywords.contains { message.contains($0) }
    }
}
