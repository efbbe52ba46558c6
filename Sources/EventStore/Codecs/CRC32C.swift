import CCRC32C

/// CRC-32C (Castagnoli), the checksum of every frame and of the checkpoint hint.
///
/// Runs on the SSE4.2 `crc32` instruction when the processor has it, a lookup table otherwise;
/// both give the same value (tests prove it).
public enum CRC32C {
    /// Extends `crc` (start with 0) over `bytes`.
    public static func extend(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return oneledger_crc32c_extend(crc, base, bytes.count)
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { extend(0, $0) }
    }

    /// The table path alone, for tests.
    public static func softwareChecksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return oneledger_crc32c_extend_software(0, base, buffer.count)
        }
    }

    public static var usesHardware: Bool { oneledger_crc32c_hardware() != 0 }
}
