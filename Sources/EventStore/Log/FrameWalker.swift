/// Walks the frames of one segment from a byte offset, checking each one completely: header,
/// CRC-32C, decompression, record count, gapless seqs and the link to the previous hash.
///
/// It stops at the first frame that fails and says where and why; deciding whether that is a
/// torn tail or damage in the middle is the caller's business (`containsValidFrame`).
struct FrameWalker {
    let segment: Segment
    let limit: Int64

    struct Position: Sendable, Equatable {
        var nextSeq: UInt64
        var chain: ChainHash
        var lastTime: Int64
    }

    struct Outcome {
        var end: Int64
        var position: Position
        var lastFrameOffset: Int64?
        var frames = 0
        var events = 0
        var damage: (offset: Int64, reason: String)?
    }

    func walk(from start: Int64, position: Position, visit: ((Frame, Int64) throws -> Void)? = nil) rethrows -> Outcome
    {
        var outcome = Outcome(end: start, position: position, lastFrameOffset: nil)
        var offset = start
        var buffer = ReadAheadBuffer()
        while offset < limit {
            let frame: Frame
            do {
                frame = try segment.readFrame(at: offset, limit: limit, through: &buffer)
            } catch let EventStoreError.corruptFrame(_, _, reason) {
                outcome.damage = (offset, reason)
                return outcome
            } catch {
                outcome.damage = (offset, "\(error)")
                return outcome
            }
            let header = frame.header
            if let problem = check(header: header, raw: frame.raw, against: outcome.position) {
                outcome.damage = (offset, problem)
                return outcome
            }
            try visit?(frame, offset)
            outcome.position = Position(nextSeq: header.lastSeq + 1, chain: frame.hash, lastTime: header.maxTime)
            outcome.lastFrameOffset = offset
            outcome.frames += 1
            outcome.events += Int(header.count)
            offset += Int64(header.frameLength)
            outcome.end = offset
        }
        return outcome
    }

    private func check(header: FrameHeader, raw: [UInt8], against position: Position) -> String? {
        if header.firstSeq != position.nextSeq {
            return "sequence gap: frame starts at \(header.firstSeq), expected \(position.nextSeq)"
        }
        if header.previousHash != position.chain { return "hash chain broken: previous hash does not match" }
        let count = raw.withUnsafeBytes { EventBatch.countRecords($0) }
        if count != Int(header.count) {
            return "payload holds \(count.map(String.init) ?? "undecodable") events, header says \(header.count)"
        }
        return nil
    }

    /// True when any whole, checksummed frame starts after `offset` in this segment.
    func containsValidFrame(after offset: Int64) -> Bool {
        let chunk = 1 << 20
        var position = offset + 1
        while position + Int64(FrameHeader.size) <= limit {
            let count = Int(min(Int64(chunk + 3), limit - position))
            guard let bytes = try? segment.file.read(at: position, count: count), bytes.count >= 4 else { return false }
            var i = 0
            while i + 4 <= bytes.count {
                if bytes[i] == 0x4F, bytes[i + 1] == 0x4C, bytes[i + 2] == 0x46, bytes[i + 3] == 0x31,
                    (try? segment.readFrame(at: position + Int64(i), limit: limit)) != nil
                {
                    return true
                }
                i += 1
            }
            position += Int64(chunk)
        }
        return false
    }
}
