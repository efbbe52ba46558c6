/// What top-up decisions read: online top-up orders by trade number, and the id counter.
public protocol TopUpDecisionState {
    /// The order with this trade number.
    func topUpOrder(tradeNo: String) throws(LedgerError) -> TopUpOrderSnapshot?
    /// The largest order id ever assigned (0 when none).
    func maxTopUpOrderID() throws(LedgerError) -> Int64
}

/// The facts about one online top-up order that decisions need.
public struct TopUpOrderSnapshot: Sendable, Equatable {
    public var id: Int64
    public var userID: Int64
    public var tradeNo: String
    /// Top-up units: `amount × QuotaPerUnit` is credited.
    public var amount: Int64
    public var money: Double
    public var paymentMethod: String
    /// `pending` or `success`, as New API's `top_ups.status`.
    public var status: String

    public init(
        id: Int64, userID: Int64, tradeNo: String, amount: Int64, money: Double, paymentMethod: String, status: String
    ) {
        self.id = id
        self.userID = userID
        self.tradeNo = tradeNo
        self.amount = amount
        self.money = money
        self.paymentMethod = paymentMethod
        self.status = status
    }
}

/// Order statuses (`top_ups.status`).
public enum TopUpStatus {
    public static let pending = "pending"
    public static let success = "success"
}
