// The reservation lifecycle, appended to the user streams `user:<id>` (audits read user
// streams): a hold, and the settle, release or expiry that closes it.

extension Oneledger_V1_QuotaReserved: LedgerPayload {
    public static let wireName = "QuotaReserved"
    public var stream: EventStream { .user(userID) }
    public var entities: [EntityRef] { tokenID == 0 ? [.user(userID)] : [.user(userID), .token(tokenID)] }
}

extension Oneledger_V1_ReservationSettled: LedgerPayload {
    public static let wireName = "ReservationSettled"
    public var stream: EventStream { .user(userID) }
    public var entities: [EntityRef] { tokenID == 0 ? [.user(userID)] : [.user(userID), .token(tokenID)] }
}

extension Oneledger_V1_ReservationReleased: LedgerPayload {
    public static let wireName = "ReservationReleased"
    public var stream: EventStream { .user(userID) }
    public var entities: [EntityRef] { tokenID == 0 ? [.user(userID)] : [.user(userID), .token(tokenID)] }
}

extension Oneledger_V1_ReservationExpired: LedgerPayload {
    public static let wireName = "ReservationExpired"
    public var stream: EventStream { .user(userID) }
    public var entities: [EntityRef] { tokenID == 0 ? [.user(userID)] : [.user(userID), .token(tokenID)] }
}
