/// Appends little-endian integers, LEB128 varints and length-prefixed strings to a byte array.
struct ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func writeSignedVarint(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func writeString(_ value: String) {
        var copy = value
        copy.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func writeBytes(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }
}

/// Reads what `ByteWriter` wrote, refusing to run past the end.
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    private(set) var position: Int

    init(_ buffer: UnsafeRawBufferPointer, position: Int = 0) {
        self.buffer = buffer
        self.position = position
    }

    var remaining: Int { buffer.count - position }

    struct OutOfBounds: Error {}

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(OutOfBounds) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw OutOfBounds() }
        let value = buffer.loadUnaligned(fromByteOffset: position, as: T.self)
        position += size
        return T(littleEndian: value)
    }

    mutating func readVarint() throws(OutOfBounds) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < buffer.count, shift < 64 {
            let byte = buffer[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw OutOfBounds()
    }

    mutating func readSignedVarint() throws(OutOfBounds) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func readLength() throws(OutOfBounds) -> Int {
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw OutOfBounds() }
        return Int(length)
    }

    mutating func readString() throws(OutOfBounds) -> String {
        let length = try readLength()
        let slice = UnsafeRawBufferPointer(rebasing: buffer[position..<position + length])
        position += length
        return String(decoding: slice, as: UTF8.self)
    }

    mutating func readBytes() throws(OutOfBounds) -> [UInt8] {
        let length = try readLength()
        let slice = UnsafeRawBufferPointer(rebasing: buffer[position..<position + length])
        position += length
        return Array(slice)
    }

    mutating func readRaw(count: Int) throws(OutOfBounds) -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw OutOfBounds() }
        let slice = UnsafeRawBufferPointer(rebasing: buffer[position..<position + count])
        position += count
        return slice
    }
}
