public import EventStore
import Foundation
import Ledger
import SwiftProtobuf

/// Renders ledger events as JSON objects for `inspect` and `/api/ledger/events`: the envelope,
/// the payload decoded (proto field names), secret fields replaced by "[sealed]", and an
/// unknown type's payload as base64.
public enum EventJSON {
    public static func object(_ record: EventRecord) -> [String: Any] {
        var object: [String: Any] = [
            "seq": record.seq,
            "time": record.time,
            "type": record.type,
            "stream": record.stream,
            "actor_id": record.metadata.actorID,
            "request_id": record.metadata.requestID,
            "ip": record.metadata.clientIP,
        ]
        object["payload"] = payload(type: record.type, bytes: record.payload)
        return object
    }

    public static func line(_ record: EventRecord) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object(record), options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func payload(type: String, bytes: [UInt8]) -> Any {
        guard let message = EventCatalog.decode(type: type, payload: bytes),
            let json = try? message.jsonUTF8Data(options: jsonOptions),
            var fields = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any]
        else { return ["base64": Data(bytes).base64EncodedString()] }
        for secret in EventCatalog.entries[type]?.secretFields ?? [] where fields[secret] != nil {
            fields[secret] = "[sealed]"
        }
        return fields
    }

    static var jsonOptions: JSONEncodingOptions {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        options.alwaysPrintInt64sAsNumbers = true
        return options
    }
}
