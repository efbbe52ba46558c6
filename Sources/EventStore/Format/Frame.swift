/// One frame: a header plus one batch of events, compressed as a whole (the unit of atomicity,
/// of checksumming and of the hash chain).
public struct Frame: Sendable {
    public let header: FrameHeader
    /// The uncompressed batch (`EventBatch` encoding).
    public let raw: [UInt8]

    /// This frame's chain hash: SHA-256 over the previous hash, the logical header fields
    /// (first seq, count, min and max time) and the uncompressed batch. Codec and compressed
    /// bytes are left out, so a segment can be recompressed without breaking the chain.
    public var hash: ChainHash {
        Frame.chainHash(header: header, raw: raw)
    }

    static func chainHash(header: FrameHeader, raw: [UInt8]) -> ChainHash {
        var fields = ByteWriter(capacity: 60)
        fields.bytes.append(contentsOf: header.previousHash.bytes)
        fields.write(header.firstSeq)
        fields.write(header.count)
        fields.write(header.minTime)
        fields.write(header.maxTime)
        var hasher = SHA256Hasher()
        hasher.update(fields.bytes)
        hasher.update(raw)
        return hasher.finish()
    }

    public func events() throws -> [EventRecord] {
        try EventBatch.decode(raw, firstSeq: header.firstSeq, count: Int(header.count))
    }

    // MARK: - Writing

    /// Builds the bytes of a frame for an encoded batch; LZ4 unless it would not shrink the batch
    /// or the batch is too small to be worth it.
    static func encode(
        raw: [UInt8], firstSeq: UInt64, count: Int, minTime: Int64, maxTime: Int64, previousHash: ChainHash,
        compress: Bool = true
    ) -> (bytes: [UInt8], header: FrameHeader, hash: ChainHash) {
        let compressed = compress && raw.count >= 512 ? LZ4.compress(raw) : nil
        let stored = compressed ?? raw
        var header = FrameHeader(
            codec: compressed == nil ? .none : .lz4, firstSeq: firstSeq, count: UInt32(count),
            rawLength: UInt32(raw.count), storedLength: UInt32(stored.count),
            minTime: minTime, maxTime: maxTime, previousHash: previousHash)
        var bytes = header.encoded()
        let crc = bytes.withUnsafeBytes { head in
            stored.withUnsafeBytes {
                CRC32C.extend(CRC32C.extend(0, UnsafeRawBufferPointer(rebasing: head[0..<76])), $0)
            }
        }
        header.crc = crc
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange(76..<80, with: $0) }
        bytes.append(contentsOf: stored)
        let hash = chainHash(header: header, raw: raw)
        return (bytes, header, hash)
    }

    // MARK: - Reading

    /// Why bytes at some offset are not a valid frame.
    public enum Damage: Error, Sendable, Equatable, CustomStringConvertible {
        case truncated
        case badHeader(String)
        case checksumMismatch
        case undecodable

        public var description: String {
            switch self {
            case .truncated: "frame runs past the end of the file"
            case .badHeader(let why): "bad frame header (\(why))"
            case .checksumMismatch: "CRC-32C mismatch"
            case .undecodable: "payload does not decode"
            }
        }
    }

    /// Checks the CRC of a frame whose header and stored payload are in `bytes` (exactly
    /// `header.frameLength` of them) and decompresses the payload.
    static func open(header: FrameHeader, bytes: UnsafeRawBufferPointer) throws(Damage) -> Frame {
        guard bytes.count >= header.frameLength else { throw .truncated }
        let headPart = UnsafeRawBufferPointer(rebasing: bytes[0..<76])
        let payload = UnsafeRawBufferPointer(rebasing: bytes[FrameHeader.size..<header.frameLength])
        guard CRC32C.extend(CRC32C.extend(0, headPart), payload) == header.crc else { throw .checksumMismatch }
        let raw: [UInt8]
        switch header.codec {
        case .none: raw = Array(payload)
        case .lz4:
            guard let decoded = LZ4.decompress(payload, rawLength: Int(header.rawLength)) else { throw .undecodable }
            raw = decoded
        }
        return Frame(header: header, raw: raw)
    }

    /// Parses and checks a whole frame from a buffer that starts at its first byte.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(Damage) -> Frame {
        let header: FrameHeader
        do {
            header = try FrameHeader.parse(bytes)
        } catch .tooShort {
            throw .truncated
        } catch {
            throw .badHeader("\(error)")
        }
        return try open(header: header, bytes: bytes)
    }
}
