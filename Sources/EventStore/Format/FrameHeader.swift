/// The fixed 80-byte header in front of every frame. All integers little-endian.
///
/// ```
///  0 magic "OLF1"      4 version u8     5 codec u8      6 flags u16 (0)
///  8 first seq u64    16 count u32     20 raw length u32   24 stored length u32
/// 28 min time i64     36 max time i64  44 previous frame's chain hash (32 bytes)
/// 76 CRC-32C u32 over bytes 0..<76 and the stored payload
/// ```
public struct FrameHeader: Sendable, Hashable {
    public static let size = 80
    static let magic: UInt32 = 0x3146_4C4F  // "OLF1" read as little-endian
    static let currentVersion: UInt8 = 1
    /// Frames larger than this are refused when read: a damaged length must not make us allocate gigabytes.
    static let maxPayload = 64 << 20

    public var codec: FrameCodec
    public var firstSeq: UInt64
    public var count: UInt32
    public var rawLength: UInt32
    public var storedLength: UInt32
    public var minTime: Int64
    public var maxTime: Int64
    public var previousHash: ChainHash
    public var crc: UInt32 = 0

    public var lastSeq: UInt64 { firstSeq + UInt64(count) - 1 }
    public var frameLength: Int { FrameHeader.size + Int(storedLength) }

    /// The 76 bytes the CRC covers, then the CRC itself.
    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: FrameHeader.size)
        writer.write(FrameHeader.magic)
        writer.write(FrameHeader.currentVersion)
        writer.write(codec.rawValue)
        writer.write(UInt16(0))
        writer.write(firstSeq)
        writer.write(count)
        writer.write(rawLength)
        writer.write(storedLength)
        writer.write(minTime)
        writer.write(maxTime)
        writer.bytes.append(contentsOf: previousHash.bytes)
        writer.write(crc)
        return writer.bytes
    }

    enum ParseFailure: Error, Equatable {
        case tooShort, badMagic, badVersion, badCodec, badLengths
    }

    /// Parses a header's fields; the CRC is checked by `Frame`, once the payload is read.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(ParseFailure) -> FrameHeader {
        guard bytes.count >= size else { throw .tooShort }
        var reader = ByteReader(bytes)
        do {
            guard try reader.read(UInt32.self) == magic else { throw ParseFailure.badMagic }
            guard try reader.read(UInt8.self) == currentVersion else { throw ParseFailure.badVersion }
            guard let codec = FrameCodec(rawValue: try reader.read(UInt8.self)) else { throw ParseFailure.badCodec }
            _ = try reader.read(UInt16.self)
            let firstSeq = try reader.read(UInt64.self)
            let count = try reader.read(UInt32.self)
            let raw = try reader.read(UInt32.self)
            let stored = try reader.read(UInt32.self)
            let minTime = try reader.read(Int64.self)
            let maxTime = try reader.read(Int64.self)
            let previous = ChainHash(bytes: Array(try reader.readRaw(count: 32)))
            let crc = try reader.read(UInt32.self)
            guard count > 0, firstSeq > 0, raw > 0, stored > 0, Int(stored) <= maxPayload, Int(raw) <= maxPayload,
                codec != .none || raw == stored
            else { throw ParseFailure.badLengths }
            return FrameHeader(
                codec: codec, firstSeq: firstSeq, count: count, rawLength: raw, storedLength: stored,
                minTime: minTime, maxTime: maxTime, previousHash: previous, crc: crc)
        } catch let failure as ParseFailure {
            throw failure
        } catch {
            throw .tooShort
        }
    }
}

/// How a frame's payload is stored. New codecs take new numbers; old ones are never reused.
public enum FrameCodec: UInt8, Sendable {
    case none = 0
    case lz4 = 1
}
