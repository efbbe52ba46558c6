import NIOCore
import Projections

/// Hands out the outbound client for one request: the configured deadline, and the SSRF guard
/// on unless the configuration or the option `fetch_setting.allow_private_ip` switches it off.
struct OutboundClients: Sendable {
    let configuration: OutboundConfiguration
    let options: OptionQueries

    func http() async throws -> OutboundHTTP {
        var http = OutboundHTTP(timeout: .seconds(configuration.timeoutSeconds))
        var allowed = configuration.allowPrivateAddresses
        if !allowed { allowed = try await options.value("fetch_setting.allow_private_ip") == "true" }
        http.addressGuard = OutboundAddressGuard(allowPrivateAddresses: allowed)
        return http
    }
}
