// bare-route: a bench-only Hummingbird server that answers one constant JSON body, the
// ceiling `scripts/bench-http.sh` compares the gateway's routes against (same machine, same run).
import Foundation
import Hummingbird

let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 3999
let body = ByteBuffer(string: #"{"success":true,"message":"","data":{"id":1,"username":"bench","role":1,"status":1}}"#)
let router = Router()
router.get("bare") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
