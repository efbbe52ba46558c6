import GRDB
import Ledger

/// Keeps `top_ups`, New API's table of online top-up orders: created pending by
/// `TopUpOrderCreated`, marked `success` by `TopUpOrderCompleted`. The trade number is unique,
/// which is what makes a payment callback idempotent.
enum TopUpsProjection: Projection {
    static let name = "top_ups"
    static let version = 1
    static let tables = ["top_ups"]

    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("top_ups.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE top_ups (
                        id INTEGER PRIMARY KEY NOT NULL,
                        user_id INTEGER NOT NULL,
                        amount INTEGER NOT NULL,
                        money REAL NOT NULL,
                        trade_no TEXT NOT NULL UNIQUE,
                        payment_method TEXT NOT NULL DEFAULT '',
                        create_time INTEGER NOT NULL,
                        complete_time INTEGER NOT NULL DEFAULT 0,
                        status TEXT NOT NULL DEFAULT 'pending'
                    );
                    CREATE INDEX top_ups_user_id ON top_ups(user_id);
                    """)
        }
    }

    static func apply(_ recorded: RecordedEvent, _ db: Database) throws {
        switch recorded.event {
        case .topUpOrderCreated(let e):
            try db.execute(
                sql: """
                    INSERT INTO top_ups (id, user_id, amount, money, trade_no, payment_method, create_time, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')
                    """,
                arguments: [e.orderID, e.userID, e.amount, e.money, e.tradeNo, e.paymentMethod, e.createTime])
        case .topUpOrderCompleted(let e):
            try db.execute(
                sql: "UPDATE top_ups SET status = 'success', complete_time = ? WHERE trade_no = ?",
                arguments: [e.completeTime, e.tradeNo])
        default:
            break
        }
    }
}

extension DatabaseDecisionState {
    func topUpOrder(tradeNo: String) throws(LedgerError) -> TopUpOrderSnapshot? {
        try read {
            try Row.fetchOne(db, sql: "SELECT * FROM top_ups WHERE trade_no = ?", arguments: [tradeNo]).map { row in
                TopUpOrderSnapshot(
                    id: row["id"], userID: row["user_id"], tradeNo: row["trade_no"], amount: row["amount"],
                    money: row["money"], paymentMethod: row["payment_method"], status: row["status"])
            }
        }
    }

    func maxTopUpOrderID() throws(LedgerError) -> Int64 {
        try read { try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM top_ups") ?? 0 }
    }
}
