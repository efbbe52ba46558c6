/// The checkpoint hint: where in the newest segment recovery may start validating.
///
/// It names a frame known to be durable (its offset, its hash, the seq after it); recovery
/// checks that frame against the hint and validates only what follows it. A missing, damaged or
/// disagreeing hint costs a scan of the newest segment, never data. Replaced atomically: temp
/// file, fdatasync, rename, directory fsync.
///
/// Format (80 bytes, little-endian): magic "OLH1", segment base seq u64, last frame offset
/// i64 (-1 when the segment has no frame yet), end offset i64, next seq u64, last time i64,
/// chain hash (32 bytes), then a CRC-32C u32 over everything before it.
struct CheckpointHint: Sendable, Equatable {
    static let fileName = "checkpoint"
    static let magic: UInt32 = 0x3148_4C4F  // "OLH1"

    var segmentBase: UInt64
    var lastFrameOffset: Int64
    var endOffset: Int64
    var nextSeq: UInt64
    var lastTime: Int64
    var chain: ChainHash

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 84)
        writer.write(CheckpointHint.magic)
        writer.write(segmentBase)
        writer.write(lastFrameOffset)
        writer.write(endOffset)
        writer.write(nextSeq)
        writer.write(lastTime)
        writer.bytes.append(contentsOf: chain.bytes)
        writer.write(CRC32C.checksum(writer.bytes))
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) -> CheckpointHint? {
        guard bytes.count == 4 + 8 * 5 + 32 + 4 else { return nil }
        let body = Array(bytes[0..<(bytes.count - 4)])
        return bytes.withUnsafeBytes { raw -> CheckpointHint? in
            var reader = ByteReader(raw)
            guard (try? reader.read(UInt32.self)) == magic,
                let base = try? reader.read(UInt64.self),
                let last = try? reader.read(Int64.self),
                let end = try? reader.read(Int64.self),
                let next = try? reader.read(UInt64.self),
                let time = try? reader.read(Int64.self),
                let chain = try? reader.readRaw(count: 32),
                let crc = try? reader.read(UInt32.self),
                crc == CRC32C.checksum(body)
            else { return nil }
            return CheckpointHint(
                segmentBase: base, lastFrameOffset: last, endOffset: end, nextSeq: next, lastTime: time,
                chain: ChainHash(bytes: Array(chain)))
        }
    }

    static func load(directory: String, fileSystem: any StoreFileSystem) -> CheckpointHint? {
        let path = directory + "/" + fileName
        guard fileSystem.fileExists(path), let file = try? fileSystem.openFile(path, create: false, readOnly: true)
        else { return nil }
        defer { file.close() }
        guard let bytes = try? file.read(at: 0, count: 128) else { return nil }
        return decode(bytes)
    }

    func store(directory: String, fileSystem: any StoreFileSystem) throws {
        let temp = directory + "/" + CheckpointHint.fileName + ".tmp"
        let file = try fileSystem.openFile(temp, create: true, readOnly: false)
        do {
            try file.truncate(to: 0)
            try file.write(encoded(), at: 0)
            try file.sync()
            file.close()
        } catch {
            file.close()
            throw error
        }
        try fileSystem.rename(temp, to: directory + "/" + CheckpointHint.fileName)
        try fileSystem.syncDirectory(directory)
    }
}
