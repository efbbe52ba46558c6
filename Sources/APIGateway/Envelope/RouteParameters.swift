import Hummingbird
import Ledger

extension Parameters {
    /// The route's `:id`, through Hummingbird's `require(_:as:)`: `refusal` when it is missing
    /// or not an integer, `nonPositive` (when given) when it is 0 or less.
    func id(refusal: any Error = LedgerError.invalidParameters, nonPositive: (any Error)? = nil) throws -> Int64 {
        let id: Int64
        do { id = try require("id", as: Int64.self) } catch { throw refusal }
        if let nonPositive, id <= 0 { throw nonPositive }
        return id
    }
}
