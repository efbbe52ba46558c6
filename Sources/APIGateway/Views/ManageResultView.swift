import Projections

/// The `data` of a status or role `manage` action: a User object in which only `role` and
/// `status` are meaningful and every other key holds its zero value, as New API serializes it.
struct ManageResultView: Encodable {
    let role: Int32
    let status: Int32

    func encode(to encoder: any Encoder) throws {
        try UserJSON(user: .zero(role: role, status: status)).encode(to: encoder)
    }
}
