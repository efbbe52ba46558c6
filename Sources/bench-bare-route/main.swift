// bench-bare-route: the ceiling of `scripts/bench-http.sh` — a bare Hummingbird 2 server with one
// route answering a constant JSON envelope, measured on the same machine in the same run.

import Hummingbird

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 3999 : 3999
let body = #"{"success":true,"message":"","data":{"version":"bench","system_name":"OneLedger","quota_per_unit":500000,"display_in_currency":true}}"#

let router = Router()
router.get("/bare") { _, _ in
    Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: body)))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
