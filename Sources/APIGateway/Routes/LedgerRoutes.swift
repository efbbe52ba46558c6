import Engine
import Foundation
import Hummingbird
import Ledger
import Projections

/// OneLedger's own ingest routes for a relay: usage records (one or an atomic batch of up to
/// 1,000, idempotent by `request_id` for all time) and the reserve → settle | release
/// lifecycle of a pre-charge hold. Auth is `IngestAuth`; bodies up to 8 MiB.
struct LedgerRoutes: Sendable {
    /// A batch of 1,000 records with long `content` and `other` fits.
    static let bodyLimit = 8 * 1024 * 1024
    let commands: CommandRunner
    let engine: Engine

    func register(ingest router: some RouterMethods<GatewayContext>) {
        router.post("usage", use: usage)
        router.post("reserve", use: reserve)
        router.post("settle", use: settle)
        router.post("release", use: release)
    }

    struct UsageAnswer: Encodable {
        var recorded: Int
        var duplicates: Int
        var head: UInt64
    }

    @Sendable func usage(_ request: Request, context: GatewayContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        try ClientText.checkJSON(body)
        let records = try UsageBody.records(body)
        if records.isEmpty || records.count > RecordUsage.maxRecords {
            throw APIError.refused("a batch holds 1 to \(RecordUsage.maxRecords) records")
        }
        let events = try await commands.run(RecordUsage(records: records), context)
        return Self.usageAnswer(
            UsageAnswer(
                recorded: events.count, duplicates: records.count - events.count,
                head: events.last?.seq ?? engine.head.seq))
    }

    /// `Envelope.success(answer)`'s bytes, written without an encoder: the answer a relay waits
    /// for on every record.
    static func usageAnswer(_ answer: UsageAnswer) -> Response {
        let text =
            #"{"data":{"duplicates":\#(answer.duplicates),"head":\#(answer.head),"recorded":\#(answer.recorded)},"#
            + #""message":"","success":true}"#
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    struct ReserveInput: Decodable {
        var request_id: String?
        var user_id: Int64?
        var token_id: Int64?
        var quota: Int64?
        var model_name: String?
        var ttl_seconds: Int64?
    }

    struct ReserveAnswer: Encodable {
        var request_id: String
        var reserved: Int64
        var expires_at: Int64
    }

    @Sendable func reserve(_ request: Request, context: GatewayContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(ReserveInput.self, context: context)
        let requestID = input.request_id ?? ""
        let events = try await commands.run(
            ReserveQuota(
                requestID: requestID, userID: input.user_id ?? 0, tokenID: input.token_id ?? 0,
                quota: input.quota ?? 0, modelName: input.model_name ?? "", ttlSeconds: input.ttl_seconds),
            context)
        if case .quotaReserved(let hold) = events.first?.event {
            return Envelope.success(
                ReserveAnswer(request_id: hold.requestID, reserved: hold.quota, expires_at: hold.expiresAt))
        }
        // A retried reserve of the same open hold: the hold as it stands.
        guard let hold = try await engine.reservations.reservation(requestID: requestID) else {
            throw LedgerError.reservationNotFound
        }
        return Envelope.success(
            ReserveAnswer(request_id: hold.requestID, reserved: hold.quota, expires_at: hold.expiresAt))
    }

    struct SettleAnswer: Encodable {
        var request_id: String
        var reserved: Int64
        var quota: Int64
        var overage: Int64
        var head: UInt64
    }

    @Sendable func settle(_ request: Request, context: GatewayContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        try ClientText.checkJSON(body)
        let record = try UsageBody.record(body)
        let events = try await commands.run(SettleReservation(record: record), context)
        guard case .reservationSettled(let settled) = events.first?.event else { throw LedgerError.reservationNotFound }
        return Envelope.success(
            SettleAnswer(
                request_id: settled.requestID, reserved: settled.reserved, quota: record.quota,
                overage: settled.overage, head: events.last?.seq ?? engine.head.seq))
    }

    struct ReleaseInput: Decodable { var request_id: String? }

    struct ReleaseAnswer: Encodable {
        var request_id: String
        var released: Int64
        var head: UInt64
    }

    @Sendable func release(_ request: Request, context: GatewayContext) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(ReleaseInput.self, context: context)
        let events = try await commands.run(ReleaseReservation(requestID: input.request_id ?? ""), context)
        guard case .reservationReleased(let released) = events.first?.event else {
            throw LedgerError.reservationNotFound
        }
        return Envelope.success(
            ReleaseAnswer(request_id: released.requestID, released: released.reserved, head: events.last?.seq ?? 0))
    }
}
