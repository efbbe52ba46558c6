import ArgumentParser
import EventStore
import Foundation

extension OneLedgerCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open the ledger and serve the HTTP API.")

        @OptionGroup var data: DataDirectoryOptions
        @Option(help: "Port to listen on (default: $PORT or 3000).") var port: Int?
        @Option(help: "Address to bind.") var host: String = "0.0.0.0"

        func run() async throws {
            try FileManager.default.createDirectory(atPath: data.dataDirectory, withIntermediateDirectories: true)
            let store = try EventStore(directory: data.ledgerDirectory)
            defer { store.close() }
            let head = store.head
            print("ledger open at \(data.ledgerDirectory): head seq \(head.seq), hash \(head.hash.hex)")
            print("the HTTP gateway is not built yet (issue 3); nothing to serve")
        }
    }
}
