import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The SSRF guard of every outbound call to an address an operator or a user gave: the host is
/// resolved and every address it resolves to is checked before connecting; private (10/8,
/// 172.16/12, 192.168/16, 100.64/10, fc00::/7), loopback (127/8, ::1), link-local (169.254/16
/// with the cloud metadata address 169.254.169.254, fe80::/10), unspecified (0.0.0.0, ::),
/// multicast and reserved addresses are refused, also inside IPv4-mapped, IPv4-compatible and
/// NAT64 IPv6 addresses, unless `allowPrivateAddresses` (the option
/// `fetch_setting.allow_private_ip`, or `ONELEDGER_SSRF_ALLOW_PRIVATE`) lets them through.
/// Redirects are never followed, so the checked address is the one connected to (short of a
/// DNS answer that changes between the check and the connection).
struct OutboundAddressGuard: Sendable {
    var allowPrivateAddresses = false

    /// Throws `.privateAddress` when `host` is, or resolves to, an address the guard refuses.
    func check(host: String) async throws(OutboundError) {
        if allowPrivateAddresses { return }
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses: [[UInt8]]
        do {
            addresses = try await NIOThreadPool.singleton.runIfActive { try Self.resolve(name) }
        } catch {
            throw .unreachable(host: host, reason: "the name does not resolve")
        }
        if addresses.isEmpty { throw .unreachable(host: host, reason: "the name does not resolve") }
        if let refused = addresses.first(where: Self.isInternal) {
            throw .privateAddress(host: host, address: Self.text(refused))
        }
    }

    /// Whether an address (4 or 16 bytes) is one the guard refuses.
    static func isInternal(_ address: [UInt8]) -> Bool {
        if address.count == 4 { return isInternalIPv4(address[0], address[1], address[2]) }
        guard address.count == 16 else { return true }
        let head = address[0..<12]
        // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, also :: and ::1), 64:ff9b::a.b.c.d (NAT64).
        if head.dropLast(2).allSatisfy({ $0 == 0 }) && address[10] == 0xff && address[11] == 0xff
            || head.allSatisfy({ $0 == 0 })
            || Array(head) == [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]
        {
            return isInternalIPv4(address[12], address[13], address[14])
        }
        let first = address[0]
        let second = address[1]
        return first & 0xfe == 0xfc  // fc00::/7 unique local
            || (first == 0xfe && second & 0x80 == 0x80)  // fe80::/10 link-local, fec0::/10 site-local
            || first == 0xff  // multicast
    }

    private static func isInternalIPv4(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && (16...31).contains(b))
            || (a == 192 && b == 168) || (a == 100 && (64...127).contains(b)) || (a == 192 && b == 0 && c == 0)
            || (a == 198 && (18...19).contains(b)) || a >= 224
    }

    /// Every IPv4 and IPv6 address `getaddrinfo` gives for `name` (blocking: runs on the thread pool).
    private static func resolve(_ name: String) throws -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [[UInt8]] = []
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let entry = next {
            if let socketAddress = entry.pointee.ai_addr {
                switch Int32(entry.pointee.ai_family) {
                case AF_INET:
                    socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin_addr) { addresses.append(Array($0)) }
                    }
                case AF_INET6:
                    socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) { addresses.append(Array($0)) }
                    }
                default: break
                }
            }
            next = entry.pointee.ai_next
        }
        return addresses
    }

    /// Dotted quad or grouped hex, for the refusal.
    static func text(_ address: [UInt8]) -> String {
        if address.count == 4 { return address.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: address.count, by: 2).map {
            String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16)
        }.joined(separator: ":")
    }
}
