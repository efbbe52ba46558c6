import CLZ4

/// LZ4 block-format compression through liblz4 (no LZ4 frame wrapper: the store's own frame
/// header carries the lengths and the checksum).
public enum LZ4 {
    /// Compresses `source`; nil when the result would not be smaller than the input.
    public static func compress(_ source: [UInt8]) -> [UInt8]? {
        guard !source.isEmpty, source.count <= Int(LZ4_MAX_INPUT_SIZE) else { return nil }
        let bound = Int(LZ4_compressBound(Int32(source.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let written = source.withUnsafeBytes { src in
            output.withUnsafeMutableBytes { dst in
                LZ4_compress_default(
                    src.baseAddress!.assumingMemoryBound(to: CChar.self),
                    dst.baseAddress!.assumingMemoryBound(to: CChar.self),
                    Int32(source.count), Int32(bound))
            }
        }
        guard written > 0, Int(written) < source.count else { return nil }
        output.removeLast(bound - Int(written))
        return output
    }

    /// Decompresses a block whose decompressed size is exactly `rawLength`; nil on any mismatch.
    public static func decompress(_ source: UnsafeRawBufferPointer, rawLength: Int) -> [UInt8]? {
        guard rawLength > 0, source.count > 0, rawLength <= Int(LZ4_MAX_INPUT_SIZE) else { return nil }
        var produced: Int32 = 0
        let output = [UInt8](unsafeUninitializedCapacity: rawLength) { dst, initialized in
            produced = LZ4_decompress_safe(
                source.baseAddress!.assumingMemoryBound(to: CChar.self),
                UnsafeMutableRawPointer(dst.baseAddress!).assumingMemoryBound(to: CChar.self),
                Int32(source.count), Int32(rawLength))
            initialized = produced > 0 ? Int(produced) : 0
        }
        return Int(produced) == rawLength ? output : nil
    }
}
