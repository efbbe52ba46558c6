import Foundation

/// The 16-byte key under which `usage_requests` remembers a request id: MurmurHash3 x64-128 of
/// its UTF-8 bytes. Not a cryptographic hash: request ids are chosen by the relay, which holds
/// the ingest key (or root) and could as well not report a usage, so a crafted collision gains
/// nothing; for honest ids the chance of any collision among 10^9 of them is below 10^-20.
enum RequestKey {
    static func of(_ requestID: String) -> Data {
        var text = requestID
        let (h1, h2) = text.withUTF8 { murmur3x64_128($0, seed: 0x4F4E_454C) }
        var data = Data(count: 16)
        data.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: h1.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: h2.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return data
    }

    static func murmur3x64_128(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt32) -> (UInt64, UInt64) {
        let c1: UInt64 = 0x87c3_7b91_1142_53d5
        let c2: UInt64 = 0x4cf5_ad43_2745_937f
        var h1 = UInt64(seed)
        var h2 = UInt64(seed)
        let count = bytes.count
        let blocks = count / 16
        func word(_ offset: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            return value
        }
        for block in 0..<blocks {
            var k1 = word(block * 16)
            var k2 = word(block * 16 + 8)
            k1 &*= c1
            k1 = rotl(k1, 31)
            k1 &*= c2
            h1 ^= k1
            h1 = rotl(h1, 27)
            h1 &+= h2
            h1 = h1 &* 5 &+ 0x52dc_e729
            k2 &*= c2
            k2 = rotl(k2, 33)
            k2 &*= c1
            h2 ^= k2
            h2 = rotl(h2, 31)
            h2 &+= h1
            h2 = h2 &* 5 &+ 0x3849_5ab5
        }
        let tail = blocks * 16
        var k1: UInt64 = 0
        var k2: UInt64 = 0
        let rest = count & 15
        if rest > 8 {
            for i in stride(from: rest - 1, through: 8, by: -1) { k2 ^= UInt64(bytes[tail + i]) << (8 * UInt64(i - 8)) }
            k2 &*= c2
            k2 = rotl(k2, 33)
            k2 &*= c1
            h2 ^= k2
        }
        if rest > 0 {
            for i in stride(from: min(rest, 8) - 1, through: 0, by: -1) {
                k1 ^= UInt64(bytes[tail + i]) << (8 * UInt64(i))
            }
            k1 &*= c1
            k1 = rotl(k1, 31)
            k1 &*= c2
            h1 ^= k1
        }
        h1 ^= UInt64(count)
        h2 ^= UInt64(count)
        h1 &+= h2
        h2 &+= h1
        h1 = fmix(h1)
        h2 = fmix(h2)
        h1 &+= h2
        h2 &+= h1
        return (h1, h2)
    }

    private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    private static func fmix(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33
        k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }
}
