@testable import EventStore

/// What a power cut does to the data and directory entries that were not yet durable.
enum CrashMode: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Every unsynced write and directory change is lost.
    case dropUnsynced
    /// Each unsynced 512-byte block independently lands or not; an unsynced size change lands,
    /// does not, or stops at a 512-byte boundary in between; each unsynced directory entry
    /// independently lands or not.
    case tornAt512
    /// The unsynced size change lands and every byte an unsynced write changed is garbage;
    /// unsynced directory changes are lost. Bytes no write changed keep their value (writes
    /// are "powersafe", as SQLite assumes of modern disks).
    case garbageFilled

    var description: String { rawValue }
}

/// One file's data as the page cache holds it and as the disk holds it.
struct Inode: Sendable {
    var current: [UInt8] = []
    var durable: [UInt8] = []
    /// 512-byte blocks written since the last sync.
    var dirty: Set<Int> = []
    var sizeDirty = false

    mutating func write(_ bytes: [UInt8], at offset: Int) {
        guard !bytes.isEmpty else { return }
        let oldCount = current.count
        let end = offset + bytes.count
        if end > current.count { current.append(contentsOf: repeatElement(0, count: end - current.count)) }
        current.replaceSubrange(offset..<end, with: bytes)
        markDirty(from: min(oldCount, offset), to: end)
        if current.count != oldCount { sizeDirty = true }
    }

    mutating func truncate(to size: Int) {
        if size > current.count {
            let oldCount = current.count
            current.append(contentsOf: repeatElement(0, count: size - current.count))
            markDirty(from: oldCount, to: size)
        } else {
            current.removeLast(current.count - size)
        }
        sizeDirty = true
    }

    private mutating func markDirty(from start: Int, to end: Int) {
        guard start < end else { return }
        for block in (start / SimulatedFileSystem.blockSize)...((end - 1) / SimulatedFileSystem.blockSize) {
            dirty.insert(block)
        }
    }

    /// fdatasync: the dirty blocks and the size reach the disk, or (a failed sync) are only marked clean.
    mutating func sync(persisting: Bool) {
        if persisting {
            durable = crashedContent(size: current.count) { _ in .landed }
        }
        dirty.removeAll()
        sizeDirty = false
    }

    enum BlockFate { case landed, lost, garbage }

    /// The disk's content after a crash: durable data, with each dirty block's fate decided by `fate`.
    func crashedContent(size: Int, fate: (Int) -> BlockFate, garbage: () -> UInt8 = { 0 }) -> [UInt8] {
        var result = Array(durable.prefix(size))
        if result.count < size { result.append(contentsOf: repeatElement(0, count: size - result.count)) }
        for block in dirty.sorted() {
            let start = block * SimulatedFileSystem.blockSize
            guard start < size else { continue }
            let end = min(size, start + SimulatedFileSystem.blockSize)
            switch fate(block) {
            case .lost: continue
            case .landed:
                for i in start..<end { result[i] = i < current.count ? current[i] : 0 }
            case .garbage:
                for i in start..<end {
                    let new = i < current.count ? current[i] : 0
                    if i >= durable.count || new != durable[i] { result[i] = garbage() }
                }
            }
        }
        return result
    }
}

extension SimulatedFileSystem {
    /// Everything the simulated disk and page cache hold; a value, so a test can keep one per step.
    struct Image: Sendable {
        var inodes: [Int: Inode] = [:]
        var nextInode = 1
        /// Path → inode, as a reader sees it now, and as the disk holds it.
        var entries: [String: Int] = [:]
        var durableEntries: [String: Int] = [:]
        var directories: Set<String> = ["/"]
        var durableDirectories: Set<String> = ["/"]
        /// Paths whose entry changed since their directory was last synced.
        var dirtyNames: Set<String> = []

        mutating func makeNameDurable(_ name: String) {
            durableEntries[name] = entries[name]
            if directories.contains(name) { durableDirectories.insert(name) } else { durableDirectories.remove(name) }
            dirtyNames.remove(name)
        }

        /// What the disk holds after a power cut at this moment; every byte of it is durable.
        func crashed(_ mode: CrashMode, seed: UInt64) -> Image {
            var random = SplitMix(seed: seed)
            var names = Image(nextInode: nextInode, entries: durableEntries, directories: durableDirectories)
            for name in dirtyNames.sorted() where mode == .tornAt512 && random.next() % 2 == 0 {
                names.entries[name] = entries[name]
                if directories.contains(name) { names.directories.insert(name) } else { names.directories.remove(name) }
            }
            // An entry whose directory did not survive is gone with it.
            var changed = true
            while changed {
                changed = false
                for directory in names.directories
                where directory != "/" && !names.directories.contains(parentDirectory(of: directory)) {
                    names.directories.remove(directory)
                    changed = true
                }
            }
            names.entries = names.entries.filter { names.directories.contains(parentDirectory(of: $0.key)) }
            names.durableEntries = names.entries
            names.durableDirectories = names.directories
            for inode in Set(names.entries.values) {
                guard let file = inodes[inode] else { continue }
                let size: Int
                switch mode {
                case .dropUnsynced: size = file.durable.count
                case .garbageFilled: size = file.sizeDirty ? file.current.count : file.durable.count
                case .tornAt512:
                    if !file.sizeDirty {
                        size = file.durable.count
                    } else {
                        let low = min(file.durable.count, file.current.count)
                        let high = max(file.durable.count, file.current.count)
                        let boundaries = stride(from: (low / 512 + 1) * 512, to: high, by: 512).map { $0 }
                        let choices = [file.durable.count, file.current.count] + boundaries
                        size = choices[Int(random.next() % UInt64(choices.count))]
                    }
                }
                let content = file.crashedContent(
                    size: size,
                    fate: { _ in
                        switch mode {
                        case .dropUnsynced: .lost
                        case .garbageFilled: .garbage
                        case .tornAt512: random.next() % 2 == 0 ? .landed : .lost
                        }
                    },
                    garbage: { UInt8(truncatingIfNeeded: random.next()) })
                names.inodes[inode] = Inode(current: content, durable: content)
            }
            return names
        }

        /// The current (page-cache) bytes of a file, nil when there is no such file.
        func contents(of path: String) -> [UInt8]? {
            entries[path].flatMap { inodes[$0]?.current }
        }

        /// Replaces a file's bytes, durably (for tests that damage a ledger on purpose).
        mutating func setContents(of path: String, to bytes: [UInt8]) {
            let inode =
                entries[path]
                ?? {
                    let inode = nextInode
                    nextInode += 1
                    entries[path] = inode
                    durableEntries[path] = inode
                    return inode
                }()
            inodes[inode] = Inode(current: bytes, durable: bytes)
        }

        mutating func remove(_ path: String) {
            entries[path] = nil
            durableEntries[path] = nil
        }

        /// Paths of files directly in `directory`, sorted.
        func files(in directory: String) -> [String] {
            entries.keys.filter { parentDirectory(of: $0) == directory }.sorted()
        }
    }
}
