import Foundation
import Ledger
import NIOCore
import Testing

@testable import APIGateway

/// The hand-written usage body reader against the `JSONDecoder` reading it replaced (kept here
/// as the reference): the same records or the same refusal text for every body below, which
/// cover the fields' types, numbers written as fractions and exponents, escapes, surrogates,
/// invalid UTF-8, duplicate keys, trailing commas, nesting depth and whatever `JSONDecoder`'s
/// scanner let through in values nobody decodes.
@Suite struct UsageBodyTests {
    static let good =
        #"{"request_id":"r1","user_id":2,"token_id":3,"channel_id":4,"model_name":"gpt-4o","#
        + #""group":"vip","prompt_tokens":10,"completion_tokens":20,"quota":30,"use_time":2,"is_stream":true,"#
        + #""ip":"10.0.0.1","content":"模型倍率 2.5","other":"{\"cache_tokens\":5}","created_at":1760000000}"#

    static let cases: [String] = [
        good, "[\(good),\(good)]", "[\(good),]", "[]", "[,]", "", "   ", "{}", "[{}]", "null", "[null]", #""text""#,
        "[1,{}]", "[{},1]", "[1,,2]", "{nope", "[{\"user_id\":1}", "{\"user_id\":1}x", "{\"user_id\":1}\u{0}",
        // integers
        #"{"quota":1.0}"#, #"{"quota":1e3}"#, #"{"quota":1E3}"#, #"{"quota":-0}"#, #"{"quota":1.5}"#,
        #"{"quota":9223372036854775807}"#, #"{"quota":9223372036854775808}"#, #"{"quota":-9223372036854775808}"#,
        #"{"quota":-9223372036854775809}"#, #"{"quota":1e19}"#, #"{"quota":0.0}"#, #"{"quota":-0.0}"#,
        #"{"quota":100e-2}"#, #"{"quota":1.0e2}"#, #"{"quota":01}"#, #"{"quota":-01}"#, #"{"quota":+1}"#,
        #"{"quota":.5}"#, #"{"quota":1.}"#, #"{"quota":-}"#, #"{"quota":1e}"#, #"{"quota":1.2.3}"#,
        #"{"quota":1e5e5}"#, #"{"quota":1x}"#, #"{"quota":12345678901234567890123}"#,
        #"{"quota":1.0000000000000000001}"#, #"{"quota":4.0e-400}"#, #"{"quota":123456789012345678.0}"#,
        #"{"quota":9007199254740993.0}"#, #"{"quota":9007199254740993.5}"#, #"{"quota":90071992547409930e-1}"#,
        #"{"quota":9.223372036854775807e18}"#, #"{"quota":2.5e-1}"#, #"{"quota":1e18}"#, #"{"quota":5e-324}"#,
        #"{"quota":1e400}"#, #"{"quota":100000000000000000000.0}"#, #"{"quota":0.5e1}"#, #"{"created_at":null}"#,
        #"{"created_at":1760000000.0}"#, #"{"user_id":"2"}"#, #"{"user_id":true}"#, #"{"user_id":{}}"#,
        #"{"user_id":[1]}"#,
        // booleans and strings
        #"{"is_stream":1}"#, #"{"is_stream":"yes"}"#, #"{"is_stream":false}"#, #"{"is_stream":tRue}"#,
        #"{"model_name":5}"#, #"{"model_name":"\ud83d\ude00"}"#, #"{"model_name":"\ud800"}"#,
        #"{"model_name":"\udc00"}"#, #"{"model_name":"a\u0000b"}"#, #"{"model_name":"\u00E9\u00e9"}"#,
        #"{"model_name":"\/\b\f\n\r\t\"\\"}"#, #"{"model_name":"\x"}"#, #"{"model_name":"\u12"}"#,
        #"{"model_name":"\u12G4"}"#, "{\"model_name\":\"\u{1}\"}", #"{"content":"\u0041\u00"}"#,
        // keys
        #"{"\u0071uota":5}"#, #"{"\ud800":1,"quota":1}"#, #"{"\q":1,"quota":1}"#, "{\"\u{1}\":1,\"quota\":1}",
        #"{"quota":1,"quota":2}"#, #"{"quota":"x","quota":2}"#, #"{"quota":2,"quota":"x"}"#,
        #"{"model_name":"x","model_name":"\ud800"}"#, #"{"quota":"z","user_id":"y"}"#,
        #"[{"quota":1},{"quota":"z","model_name":5}]"#, #"[{"model_name":5,"quota":"z"}]"#,
        #"[{"x":1,"quota":"q"},"x",{"quota":"y"}]"#, #"[{"quota":"y"},"x"]"#,
        // values nobody decodes
        #"{"x":"\q","quota":1}"#, #"{"x":"\ud800","quota":1}"#, #"{"x":[-],"quota":1}"#,
        #"{"x":1.2.3e,"quota":1}"#, #"{"x":+1,"quota":1}"#, #"{"x":.5,"quota":1}"#, #"{"x":-a}"#,
        #"{"x":1-2+3,"quota":4}"#, #"{"x":1 2}"#, #"{"x":{"\ud800":1},"quota":1}"#, #"{"x":"\u12\"","quota":1}"#,
        #"{"x":"\uGGGG","quota":1}"#, #"{"x":"\u123\"","quota":1}"#,
        #"{"x":"\u12 \"","quota":1}"#, #"{"x":"\u1234\"","quota":1}"#, #"{"x":"\u12\\\"","quota":1}"#,
        #"{"x":"\u","quota":1}"#, #"{"x":"\u00","quota":1}"#, #"{"x":"\u12\q","quota":1}"#,
        #"{"x":"\"","quota":1}"#, #"{"x":01,"quota":1}"#, #"{"x":1e400,"quota":1}"#, #"{"x":tru}"#,
        #"{"x":[1,],"quota":1}"#, #"{"x":{"y":1,},"quota":1,}"#, #"{"quota":1,,"ip":"x"}"#, #"{,"quota":1}"#,
        #"{"x":[,]}"#, #"{"x":{"y":[1,2,{"z":null}]}}"#, #"{"quota" : 1 , "ip" : "x" }"#, " \t\r\n{\"quota\":1}",
        "{\"quota\":1\u{0C}}", "{\"quota\":1\u{A0}}", #"{"quota":1}{"#,
    ]

    static func bytes(_ text: String) -> [[UInt8]] {
        let plain = Array(text.utf8)
        return [plain, [0xEF, 0xBB, 0xBF] + plain]
    }

    /// Bodies that are not text: invalid UTF-8 inside and outside strings, deep nesting.
    static var rawCases: [[UInt8]] {
        var cases: [[UInt8]] = [
            Array(#"{"model_name":""#.utf8) + [0xFF] + Array(#""}"#.utf8),
            Array(#"{"model_name":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8),
            Array(#"{"model_name":""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8),
            Array(#"{"x":""#.utf8) + [0xFF, 0x01] + Array(#"","quota":1}"#.utf8),
            Array(#"{""#.utf8) + [0xFF] + Array(#"":1,"quota":1}"#.utf8),
            Array(#"{"x":{""#.utf8) + [0xFF] + Array(#"":1},"quota":1}"#.utf8),
            Array(#"{"quota":1"#.utf8) + [0xFF] + Array("}".utf8),
            [0x20, 0xEF, 0xBB, 0xBF] + Array(#"{"quota":1}"#.utf8),
        ]
        for depth in [510, 511, 512, 513] {
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            cases.append(Array("{\"x\":\(nested),\"quota\":1}".utf8))
            cases.append(Array("[{\"x\":\(nested)}]".utf8))
        }
        return cases
    }

    @Test func readsWhatJSONDecoderRead() throws {
        let all = Self.cases.flatMap(Self.bytes) + Self.rawCases
        for body in all {
            for batch in [true, false] {
                let expected = Reference.read(body, batch: batch)
                let actual = Self.read(body, batch: batch)
                #expect(actual == expected, "body \(String(decoding: body, as: UTF8.self).prefix(120)) batch \(batch)")
            }
        }
    }

    @Test func readsTheBenchBatch() throws {
        var generator = RealisticUsage(seed: 3)
        var records: [String] = []
        for _ in 0..<1_000 {
            let usage = generator.next(createdAt: 1_760_000_000)
            records.append(
                String(
                    decoding: try JSONEncoder().encode(
                        [
                            "request_id": usage.requestID, "model_name": usage.modelName, "group": usage.group,
                            "ip": usage.ip, "content": usage.content, "other": usage.other,
                        ]), as: UTF8.self))
        }
        let body = Array("[\(records.joined(separator: ","))]".utf8)
        #expect(Self.read(body, batch: true) == Reference.read(body, batch: true))
    }

    static func read(_ body: [UInt8], batch: Bool) -> Outcome {
        do {
            let buffer = ByteBuffer(bytes: body)
            return .records(batch ? try UsageBody.records(buffer) : [try UsageBody.record(buffer)])
        } catch let error as APIError {
            return .refused(error.message)
        } catch {
            return .refused("unexpected \(error)")
        }
    }

    enum Outcome: Equatable {
        case records([UsageInput])
        case refused(String)
    }

    /// The reading this file's reader replaced, as it was.
    enum Reference {
        struct Record: Decodable {
            var request_id: String?
            var user_id: Integer?
            var token_id: Integer?
            var channel_id: Integer?
            var model_name: String?
            var group: String?
            var prompt_tokens: Integer?
            var completion_tokens: Integer?
            var quota: Integer?
            var use_time: Integer?
            var is_stream: Bool?
            var ip: String?
            var content: String?
            var other: String?
            var created_at: Integer?

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

        struct Integer: Decodable {
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

        static func read(_ body: [UInt8], batch: Bool) -> Outcome {
            let data = Data(body)
            let first = data.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
            let isBatch = batch && first == UInt8(ascii: "[")
            do {
                if isBatch { return .records(try JSONDecoder().decode([Record].self, from: data).map(\.input)) }
                return .records([try JSONDecoder().decode(Record.self, from: data).input])
            } catch let error as DecodingError {
                return .refused(describe(error, batch: isBatch))
            } catch {
                return .refused("unexpected \(error)")
            }
        }

        static func describe(_ error: DecodingError, batch: Bool) -> String {
            let path: [any CodingKey]
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
                path = context.codingPath
            case .dataCorrupted(let context):
                path = context.codingPath
                if path.isEmpty { return UsageBody.malformed }
            @unknown default:
                return "Invalid parameters"
            }
            var rest = path[...]
            var index = 0
            if batch, let first = rest.first, let position = first.intValue {
                index = position
                rest = rest.dropFirst()
            }
            guard let field = rest.first?.stringValue else { return "record \(index): must be a JSON object" }
            let kind: String =
                switch field {
                case "is_stream": "a boolean"
                case "request_id", "model_name", "group", "ip", "content", "other": "a string"
                default: "an integer"
                }
            return "record \(index): \(field) must be \(kind)"
        }
    }
}
