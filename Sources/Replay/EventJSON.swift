public import EventStore
import Foundation
public import Ledger
import SwiftProtobuf

/// Renders ledger events as JSON objects for `inspect` and `/api/ledger/events`: the envelope,
/// the payload decoded (proto field names), secret fields replaced by "[sealed]", and an
/// unknown type's payload as base64.
public enum EventJSON {
    public static func object(_ record: EventRecord) -> JSONValue {
        object(
            seq: record.seq, time: record.time, type: record.type, stream: record.stream,
            actorID: record.metadata.actorID, requestID: record.metadata.requestID, clientIP: record.metadata.clientIP,
            payload: record.payload)
    }

    static func object(
        seq: UInt64, time: Int64, type: String, stream: String, actorID: Int64, requestID: String, clientIP: String,
        payload bytes: [UInt8]
    ) -> JSONValue {
        JSONValue([
            "seq": .int(Int64(seq)),
            "time": .int(time),
            "type": .string(type),
            "stream": .string(stream),
            "actor_id": .int(actorID),
            "request_id": .string(requestID),
            "ip": .string(clientIP),
            "payload": payload(type: type, bytes: bytes),
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
