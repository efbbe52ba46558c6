import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A raw HTTP/1.1 GET over a POSIX socket whose response bytes arrive as they are sent, for
/// the server-sent-events tests (the test client collects whole bodies). Reading happens on a
/// thread of its own, never on the cooperative pool.
final class RawHTTPStream: @unchecked Sendable {
    private let socketFD: Int32
    private let lock = NSLock()
    private var received = Data()
    private var closed = false
    private let gate = DispatchSemaphore(value: 0)

    /// - Parameter paused: read nothing until `resume()`, through a small receive buffer, so the
    ///   server meets a client that does not keep up.
    init(port: Int, path: String, headers: [String: String], paused: Bool = false) throws {
        socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if paused {
            var size: Int32 = 4096
            setsockopt(socketFD, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TestFailure("connect failed") }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        _ = request.withCString { send(socketFD, $0, strlen($0), 0) }
        let thread = Thread { [self] in
            if paused { gate.wait() }
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = recv(socketFD, &chunk, chunk.count, 0)
                if n <= 0 { break }
                lock.withLock { received.append(contentsOf: chunk[0..<n]) }
            }
            lock.withLock { closed = true }
        }
        thread.start()
    }

    /// Everything received so far, as text.
    var text: String { lock.withLock { String(decoding: received, as: UTF8.self) } }

    /// Starts reading a stream opened `paused`.
    func resume() { gate.signal() }

    /// How many bytes arrived so far.
    var byteCount: Int { lock.withLock { received.count } }

    /// Waits (up to `seconds`, looking `every` so often) until `condition` holds for the received text.
    func wait(seconds: Double = 20, every: Duration = .milliseconds(20), until condition: (String) -> Bool)
        async throws -> String
    {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let now = text
            if condition(now) { return now }
            try await Task.sleep(for: every)
        }
        throw TestFailure("timed out; received: \(text.suffix(500))")
    }

    /// The `id:` values of the events received so far, in order.
    var eventIDs: [UInt64] {
        text.split(separator: "\n").compactMap { line in
            line.hasPrefix("id: ") ? UInt64(line.dropFirst(4).trimmingCharacters(in: .whitespacesAndNewlines)) : nil
        }
    }

    func close() {
        shutdown(socketFD, Int32(SHUT_RDWR))
        Glibc.close(socketFD)
    }
}
