import Foundation

/// Builds the events that change an option, each carrying the value in effect before it —
/// a secret key's previous value only as the "[sealed]" marker, never in clear.
enum OptionChange {
    /// What `previous_value` holds for a secret key that had a non-empty value.
    static let sealedMarker = "[sealed]"

    /// `OptionUpdated`, or `SecretOptionUpdated` for a key that looks secret — whose non-empty
    /// value must come sealed: a secret never enters the ledger in clear.
    static func updated(
        _ key: String, to value: String, sealed: [UInt8]? = nil,
        by operatorInfo: Operator?, state: some DecisionState
    ) throws(LedgerError) -> LedgerEvent {
        let previous = try state.option(key) ?? ""
        if OptionDefaults.isSecret(key) {
            var event = Oneledger_V1_SecretOptionUpdated()
            event.key = key
            if !value.isEmpty {
                guard let sealed else { throw .stateUnavailable("a secret option value arrived unsealed") }
                event.sealedValue = Data(sealed)
            }
            if let operatorInfo { event.operator = operatorInfo.message }
            event.previousValue = previous.isEmpty ? "" : sealedMarker
            return .secretOptionUpdated(event)
        }
        var event = Oneledger_V1_OptionUpdated()
        event.key = key
        event.value = value
        if let operatorInfo { event.operator = operatorInfo.message }
        event.previousValue = previous
        return .optionUpdated(event)
    }

    /// `OptionRemoved` of a stored key, with the value it had.
    static func removed(_ key: String, by operatorInfo: Operator, state: some DecisionState) throws(LedgerError)
        -> LedgerEvent
    {
        let previous = try state.storedOption(key) ?? ""
        var event = Oneledger_V1_OptionRemoved()
        event.key = key
        event.operator = operatorInfo.message
        event.previousValue = OptionDefaults.isSecret(key) && !previous.isEmpty ? sealedMarker : previous
        return .optionRemoved(event)
    }
}
