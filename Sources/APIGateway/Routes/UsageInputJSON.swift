import Foundation
import Ledger
import NIOCore

/// One usage record as the ingest routes read it: every field optional here, so that a missing
/// field meets the record's own rules (`UsageValidation`) and a wrongly typed one is named.
struct UsageRecordJSON: Decodable {
    var request_id: String?
    var user_id: JSONInteger?
    var token_id: JSONInteger?
    var channel_id: JSONInteger?
    var model_name: String?
    var group: String?
    var prompt_tokens: JSONInteger?
    var completion_tokens: JSONInteger?
    var quota: JSONInteger?
    var use_time: JSONInteger?
    var is_stream: Bool?
    var ip: String?
    var content: String?
    var other: String?
    var created_at: JSONInteger?

    var input: UsageInput {
        var input = UsageInput()
        input.requestID = request_id ?? ""
        input.userID = user_id?.value ?? 0
        input.tokenID = token_id?.value ?? 0
        input.channelID = channel_id?.value ?? 0
        input.modelName = model_name ?? ""
        input.group = group ?? ""
        input.promptTokens = prompt_tokens?.value ?? 0
        input.completionTokens = completion_tokens?.value ?? 0
        input.quota = quota?.value ?? 0
        input.useTime = use_time?.value ?? 0
        input.isStream = is_stream ?? false
        input.ip = ip ?? ""
        input.content = content ?? ""
        input.other = other ?? ""
        input.createdAt = created_at?.value
        return input
    }
}

/// An integer field; anything else (a fraction, a string, a number past Int64) is a type
/// mismatch at the field's path, which Foundation's decoder does not always report.
struct JSONInteger: Decodable {
    var value: Int64

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) {
            self.value = value
            return
        }
        throw DecodingError.typeMismatch(
            Int64.self, .init(codingPath: decoder.codingPath, debugDescription: "not an integer"))
    }
}

/// Reads the body of `POST /api/ledger/usage`: one record object or an array of them. A field
/// of the wrong type refuses the batch naming the record's index and the field.
enum UsageBody {
    static func records(_ buffer: ByteBuffer) throws -> [UsageInput] {
        let data = Data(buffer.readableBytesView)
        let first = data.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        do {
            if first == UInt8(ascii: "[") {
                return try JSONDecoder().decode([UsageRecordJSON].self, from: data).map(\.input)
            }
            return [try JSONDecoder().decode(UsageRecordJSON.self, from: data).input]
        } catch let error as DecodingError {
            throw APIError.refused(describe(error, batch: first == UInt8(ascii: "[")))
        }
    }

    /// One record (settle): the same fields, the same refusals, index 0.
    static func record(_ buffer: ByteBuffer) throws -> UsageInput {
        do {
            return try JSONDecoder().decode(UsageRecordJSON.self, from: Data(buffer.readableBytesView)).input
        } catch let error as DecodingError {
            throw APIError.refused(describe(error, batch: false))
        }
    }

    /// "record 3: quota must be an integer", or a whole-body complaint for malformed JSON.
    static func describe(_ error: DecodingError, batch: Bool) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            path = context.codingPath
        case .dataCorrupted(let context):
            path = context.codingPath
            if path.isEmpty { return "the body must be a usage record or an array of usage records (JSON)" }
        @unknown default:
            return "Invalid parameters"
        }
        var rest = path[...]
        var index = 0
        if batch, let first = rest.first, let position = first.intValue {
            index = position
            rest = rest.dropFirst()
        }
        guard let field = rest.first?.stringValue else {
            return "record \(index): must be a JSON object"
        }
        let kind: String =
            switch field {
            case "is_stream": "a boolean"
            case "request_id", "model_name", "group", "ip", "content", "other": "a string"
            default: "an integer"
            }
        return "record \(index): \(field) must be \(kind)"
    }
}
