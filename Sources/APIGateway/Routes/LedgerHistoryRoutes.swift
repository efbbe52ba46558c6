import Engine
import Foundation
import Hummingbird
import Ledger
import NIOCore
import NIOPosix
import Replay

/// docs/api.md (The ledger's history): `GET /api/ledger/head` and `/api/ledger/events` (admin)
/// and `GET /api/ledger/verify` (root), which checks every frame and the hash chain while the
/// writer keeps appending and streams its progress inside the envelope, so a large ledger never
/// times the request out.
struct LedgerHistoryRoutes: Sendable {
    let engine: Engine
    static let defaultLimit = 100
    static let maxLimit = 1_000

    func register(admin: some RouterMethods<SignedInContext>, root: some RouterMethods<SignedInContext>) {
        admin.get("ledger/head", use: head)
        admin.get("ledger/events", use: events)
        root.get("ledger/verify", use: verify)
    }

    struct HeadAnswer: Encodable {
        var seq: UInt64
        /// Unix seconds (0 for an empty ledger).
        var time: Int64
        var hash: String
    }

    @Sendable func head(_ request: Request, context: SignedInContext) async throws -> Response {
        let head = engine.head
        return Envelope.success(HeadAnswer(seq: head.seq, time: head.time / 1000, hash: head.hash))
    }

    struct EventsAnswer: Encodable {
        var items: [JSONValue]
        var next_after: UInt64
    }

    @Sendable func events(_ request: Request, context: SignedInContext) async throws -> Response {
        let query = request.uri.queryParameters
        func text(_ key: String) -> String? {
            guard let value = query[Substring(key)].map(String.init), !value.isEmpty else { return nil }
            return value
        }
        var after: UInt64 = 0
        if let value = text("after") {
            guard let parsed = UInt64(value) else {
                throw APIError.refused("after must be a sequence number (0 or more)")
            }
            after = parsed
        }
        var limit = Self.defaultLimit
        if let value = text("limit") {
            guard let parsed = Int(value), parsed > 0 else { throw APIError.refused("limit must be from 1 to 1000") }
            limit = min(parsed, Self.maxLimit)
        }
        var filter = Engine.EntryFilter(stream: text("stream"), type: text("type"))
        if let value = text("user_id") {
            guard let parsed = Int64(value), parsed > 0 else { throw APIError.refused("user_id must be a user id") }
            filter.userID = parsed
        }
        let engine = engine
        let page = try await NIOThreadPool.singleton.runIfActive { [after, limit, filter] in
            try engine.entries(after: after, limit: limit, matching: filter)
        }
        let items = page.entries.map { entry in
            var item = EventJSON.object(entry)
            // The API gives times in Unix seconds; the ledger keeps milliseconds.
            if case .object(var fields) = item, let index = fields.firstIndex(where: { $0.0 == "time" }) {
                fields[index].1 = .int(entry.time / 1000)
                item = .object(fields)
            }
            return item
        }
        return Envelope.success(EventsAnswer(items: items, next_after: page.nextAfter))
    }

    // MARK: - Verify

    struct VerifyAnswer: Encodable {
        var ok: Bool
        var frames: Int
        var events: Int
        var head_hash: String
        var problems: [Problem]
    }

    struct Problem: Encodable {
        /// "damage" (the ledger cannot be trusted past it) or "torn_tail" (a warning).
        var kind: String
        var message: String
    }

    struct ProgressLine: Encodable {
        var frames: Int
        var events: Int
        var seq: UInt64
        var head: UInt64
    }

    enum Step: Sendable {
        case progress(Engine.VerifyProgress)
        case done(Result<Engine.Verification, any Error>)
    }

    /// The body is one JSON object: `{"progress":[` then a progress line about every half
    /// second while frames are checked, then `],` and the envelope's own fields. Any JSON
    /// parser reads the whole as the envelope (with a `progress` array beside it).
    @Sendable func verify(_ request: Request, context: SignedInContext) async throws -> Response {
        let engine = engine
        let headSeq = engine.head.seq
        let (steps, continuation) = AsyncStream.makeStream(of: Step.self)
        let body = ResponseBody { writer in
            let work = Task {
                do {
                    let verification = try await NIOThreadPool.singleton.runIfActive {
                        var last = ContinuousClock.now
                        return try engine.verifyLedger { progress in
                            let now = ContinuousClock.now
                            guard now - last >= .milliseconds(500) else { return }
                            last = now
                            continuation.yield(.progress(progress))
                        }
                    }
                    continuation.yield(.done(.success(verification)))
                } catch {
                    continuation.yield(.done(.failure(error)))
                }
                continuation.finish()
            }
            var first = true
            try await writer.write(ByteBuffer(string: "{\"progress\":[\n"))
            for await step in steps {
                switch step {
                case .progress(let progress):
                    let line = ProgressLine(
                        frames: progress.frames, events: progress.events, seq: progress.seq, head: headSeq)
                    var buffer = ByteBuffer(string: first ? "" : ",\n")
                    buffer.writeBytes((try? Envelope.encoder.encode(line)) ?? Data("{}".utf8))
                    try await writer.write(buffer)
                    first = false
                case .done(let result):
                    var envelope: Data
                    switch result {
                    case .success(let verification):
                        envelope =
                            (try? Envelope.encoder.encode(
                                Envelope.Body(
                                    success: true, message: "", data: .value(Self.answer(verification)))))
                            ?? Data("{}".utf8)
                    case .failure(let error):
                        envelope =
                            (try? Envelope.encoder.encode(
                                Envelope.Body<Int>(
                                    success: false, message: "verify failed: \(error)", data: .absent)))
                            ?? Data("{}".utf8)
                    }
                    // The envelope's fields continue the object the progress array opened.
                    envelope.removeFirst()
                    var buffer = ByteBuffer(string: "\n],")
                    buffer.writeBytes(envelope)
                    buffer.writeString("\n")
                    try await writer.write(buffer)
                }
            }
            work.cancel()
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: body)
    }

    static func answer(_ verification: Engine.Verification) -> VerifyAnswer {
        var problems: [Problem] = []
        if let problem = verification.problem { problems.append(Problem(kind: "damage", message: problem)) }
        if let torn = verification.tornTail {
            problems.append(
                Problem(
                    kind: "torn_tail",
                    message:
                        "segment \(torn.segment), byte offset \(torn.offset): \(torn.reason) (\(torn.removedBytes) bytes)"
                ))
        }
        return VerifyAnswer(
            ok: verification.problem == nil, frames: verification.frames, events: verification.events,
            head_hash: verification.head.hash, problems: problems)
    }
}
