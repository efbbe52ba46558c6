import APIGateway
import ArgumentParser
import Engine
import Foundation
import Hummingbird
import Logging

extension OneLedgerCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open the ledger and serve the HTTP API.")

        @OptionGroup var data: DataDirectoryOptions
        @Option(help: "Port to listen on (default: $PORT or 3000).") var port: Int?
        @Option(help: "Address to bind (default 0.0.0.0).") var host: String = "0.0.0.0"
        @Option(help: "bcrypt cost for new password hashes.") var bcryptCost: UInt8 = 10

        func validate() throws {
            if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be 0...65535") }
            if !(4...31).contains(bcryptCost) { throw ValidationError("--bcrypt-cost must be 4...31") }
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let level = Logger.Level(rawValue: environment["LOG_LEVEL"] ?? "") ?? .info
            LoggingSystem.bootstrap { ServerLogHandler(label: $0, logLevel: level) }
            var configuration = GatewayConfiguration(dataDirectory: data.dataDirectory)
            configuration.host = host
            configuration.port = port ?? environment["PORT"].flatMap { Int($0) } ?? 3000
            configuration.bcryptCost = bcryptCost
            if let secret = environment["SESSION_SECRET"], !secret.isEmpty {
                guard secret != "random_string" else {
                    throw ValidationError("SESSION_SECRET must not be the literal value random_string")
                }
                configuration.sessionSecret = Array(secret.utf8)
            }
            if let key = environment["ONELEDGER_SECRET_KEY"], !key.isEmpty {
                configuration.secretKey = KeyFile.sealingKey(fromText: key)
            }
            if let key = environment["ONELEDGER_INGEST_KEY"], !key.isEmpty { configuration.ingestKey = key }
            if let token = environment["ONELEDGER_METRICS_TOKEN"], !token.isEmpty { configuration.metricsToken = token }
            if let url = environment["TURNSTILE_VERIFY_URL"], !url.isEmpty { configuration.turnstileVerifyURL = url }
            if let text = environment["ONELEDGER_SNAPSHOT_INTERVAL"], !text.isEmpty {
                guard let events = Int64(text), (1...100_000_000).contains(events) else {
                    throw ValidationError("ONELEDGER_SNAPSHOT_INTERVAL must be a number of events from 1 to 100000000")
                }
                configuration.snapshotInterval = events
            }
            configuration.rateLimits = RateLimitConfiguration(environment: environment)
            configuration.outbound = OutboundConfiguration(environment: environment)
            configuration.trustedProxies = (environment["TRUSTED_PROXIES"] ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            let logger = Logger(label: "oneledger")
            let app = try await buildApplication(configuration, logger: logger) { port in
                logger.info("serving", metadata: ["http.port": "\(port)", "data.dir": "\(data.dataDirectory)"])
            }
            try await app.runService()
        }
    }
}
