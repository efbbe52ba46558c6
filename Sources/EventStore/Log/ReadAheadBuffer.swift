/// A window of a segment's bytes kept between frame reads, so that a scan costs one `pread`
/// per chunk (1 MiB by default) rather than two per frame.
struct ReadAheadBuffer {
    /// How much to read at once; 0 reads exactly what is asked.
    let chunk: Int
    private var bytes: [UInt8] = []
    private var start: Int64 = 0

    init(chunk: Int = 1 << 20) {
        self.chunk = chunk
    }

    /// Makes `[offset, offset + count)` available, reading from `file` if the window lacks it.
    mutating func load(_ file: any StoreFile, from offset: Int64, count: Int, limit: Int64) throws {
        if offset >= start && offset + Int64(count) <= start + Int64(bytes.count) { return }
        let wanted = Int(min(Int64(max(chunk, count)), max(limit - offset, Int64(count))))
        bytes = try file.read(at: offset, count: wanted)
        start = offset
        guard bytes.count >= count else {
            throw EventStoreError.io("short read at offset \(offset): wanted \(count) bytes, got \(bytes.count)")
        }
    }

    /// Calls `body` with `[offset, offset + count)`, which `load` made available.
    func withBytes<R>(from offset: Int64, count: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let first = Int(offset - start)
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[first..<first + count])) }
    }

    mutating func reset() {
        bytes = []
        start = 0
    }
}
