import GRDB
import Ledger

extension DatabaseDecisionState {
    func logCount(before target: Int64) throws(LedgerError) -> Int64 {
        try read { try LogQueries.count(before: target, db) }
    }
}
