import EventStore
import Foundation
import Replay
import TestSupport

/// Reads a stopped server's ledger: the records themselves, or every event as the JSON object
/// `oneledger inspect` prints (secrets shown only as "[sealed]").
enum LedgerReader {
    static func records(_ directory: String) throws -> [EventRecord] {
        try EventStore.records(inLedger: directory + "/ledger")
    }

    /// `inspect`'s lines, of one event type or of all.
    static func lines(_ directory: String, type: String? = nil) throws -> [String] {
        try records(directory).filter { type == nil || $0.type == type }.map(EventJSON.line)
    }

    static func inspect(_ directory: String) throws -> [[String: Any]] {
        try lines(directory).compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
