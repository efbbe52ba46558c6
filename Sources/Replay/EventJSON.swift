public import EventStore
import Foundation
public import Ledger
import SwiftProtobuf

/// Renders ledger events as JSON objects for `inspect` and `/api/ledger/events`: the envelope,
/// the payload decoded (proto field names), secret fields replaced by "[sealed]", and an
/// unknown type's payload as base64.
public enum EventJSON {
    public static func object(_ record: EventRecord) -> JSONValue {
        JSONValue([
            "seq": .int(Int64(record.seq)),
            "time": .int(record.time),
            "type": .string(record.type),
            "stream": .string(record.stream),
            "actor_id": .int(record.metadata.actorID),
            "request_id": .string(record.metadata.requestID),
            "ip": .string(record.metadata.clientIP),
            "payload": payload(type: record.type, bytes: record.payload),
        ])
    }

    /// One line of JSON, keys sorted and `/` escaped as the first `inspect` wrote them.
    public static func line(_ record: EventRecord) -> String {
        object(record).jsonText(escapingSlashes: true)
    }

    static func payload(type: String, bytes: [UInt8]) -> JSONValue {
        guard let message = EventCatalog.decode(type: type, payload: bytes),
            let json = try? message.jsonString(options: jsonOptions),
            case .object(let fields)? = JSONValue(parsing: json)
        else { return JSONValue(["base64": .string(Data(bytes).base64EncodedString())]) }
        let secrets = Swift.type(of: message).secretFields
        return .object(fields.map { name, value in (name, secrets.contains(name) ? .string("[sealed]") : value) })
    }

    static var jsonOptions: JSONEncodingOptions {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        options.alwaysPrintInt64sAsNumbers = true
        return options
    }
}
