import Synchronization

@testable import EventStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An in-memory `StoreFileSystem` that injects faults and simulates power loss, in the manner of
/// SQLite's crash tests (`test6.c`).
///
/// It keeps two versions of every file: what a reader sees now (`current`, the page cache) and
/// what would survive a power cut (`durable`). A write marks the 512-byte blocks it touches
/// dirty; `sync` (fdatasync) copies the dirty blocks and the size to `durable`. A *failed* sync
/// marks the blocks clean without copying them, as Linux does since "fsyncgate": the data stays
/// readable but is lost at the next crash unless written again. Directory entries (create,
/// rename, remove, mkdir) likewise become durable only when their directory is synced.
///
/// `crashed(_:seed:)` on an `Image` turns the unsynced part into what a power cut may leave (see
/// `CrashMode`). `arm(_:at:)` makes the k-th eligible operation fail (see `InjectedFault`).
/// Reads, `size`, `fileExists` and directory listings are never counted and never fail.
final class SimulatedFileSystem: StoreFileSystem, Sendable {
    static let blockSize = 512

    let state: Mutex<Image>
    private let hooks: Mutex<Hooks>

    struct Hooks {
        var armed: (fault: InjectedFault, at: Int)?
        var counts: [InjectedFault: Int] = [:]
        var fired: String?
        /// Called after every counted operation (failed or not) with a way to take the image at that moment.
        var afterOperation: (@Sendable (_ image: () -> Image) -> Void)?
        /// Slows every file sync down by this many microseconds (outside the lock).
        var syncDelayMicros: UInt32 = 0
    }

    /// An empty file system holding the durable directories `/` and `directories`.
    convenience init(directories: [String] = ["/data"]) {
        var image = Image()
        for directory in directories {
            image.directories.insert(directory)
            image.durableDirectories.insert(directory)
        }
        self.init(image: image)
    }

    init(image: Image) {
        state = Mutex(image)
        hooks = Mutex(Hooks())
    }

    /// A copy of everything, durable and not.
    var image: Image { state.withLock { $0 } }

    // MARK: - Faults and observation

    /// The `k`-th (from 1) operation eligible for `fault` will fail with it.
    func arm(_ fault: InjectedFault, at k: Int) {
        hooks.withLock { $0.armed = (fault, k) }
    }

    func disarm() {
        hooks.withLock { $0.armed = nil }
    }

    /// Which operation failed, if the armed fault fired.
    var firedFault: String? { hooks.withLock { $0.fired } }

    /// How many operations eligible for each fault have run.
    var operationCounts: [InjectedFault: Int] { hooks.withLock { $0.counts } }

    func onEveryOperation(_ hook: (@Sendable (_ image: () -> Image) -> Void)?) {
        hooks.withLock { $0.afterOperation = hook }
    }

    func slowSyncs(micros: UInt32) {
        hooks.withLock { $0.syncDelayMicros = micros }
    }

    /// Counts an operation and returns the fault to inject into it, if it is the armed one.
    private func begin(_ kind: OperationKind, _ path: String) -> InjectedFault? {
        hooks.withLock { hooks in
            var inject: InjectedFault?
            for fault in InjectedFault.allCases where fault.applies(to: kind) {
                hooks.counts[fault, default: 0] += 1
                if let armed = hooks.armed, armed.fault == fault, armed.at == hooks.counts[fault] {
                    inject = fault
                    hooks.fired = "\(fault) at \(kind) #\(armed.at) of \(path)"
                }
            }
            return inject
        }
    }

    private func observe() {
        guard let hook = hooks.withLock({ $0.afterOperation }) else { return }
        hook { image }
    }

    /// Runs one counted operation: injects the armed fault or applies `body` to the image.
    private func perform<T>(
        _ kind: OperationKind, _ path: String, _ body: (inout Image, InjectedFault?) throws(FileSystemError) -> T
    ) throws(FileSystemError) -> T {
        let fault = begin(kind, path)
        defer { observe() }
        return try state.withLock { image throws(FileSystemError) -> T in
            if let fault, fault != .shortWrite {
                if kind == .sync { try body(&image, fault) }
                throw FileSystemError(operation: "\(kind)", path: path, errno: fault.errno)
            }
            return try body(&image, fault)
        }
    }

    // MARK: - StoreFileSystem

    func createDirectory(_ path: String) throws {
        try perform(.createDirectory, path) { image, _ throws(FileSystemError) in
            guard !image.directories.contains(path) else { return }
            guard image.directories.contains(parentDirectory(of: path)) else {
                throw FileSystemError(operation: "mkdir", path: path, errno: ENOENT)
            }
            image.directories.insert(path)
            image.dirtyNames.insert(path)
        }
    }

    func contentsOfDirectory(_ path: String) throws -> [String] {
        try state.withLock { image throws(FileSystemError) in
            guard image.directories.contains(path) else {
                throw FileSystemError(operation: "opendir", path: path, errno: ENOENT)
            }
            let names = Array(image.entries.keys) + Array(image.directories)
            return names.filter { $0 != path && parentDirectory(of: $0) == path }.map {
                String($0.dropFirst(path.count + 1))
            }
        }
    }

    func fileExists(_ path: String) -> Bool {
        state.withLock { $0.entries[path] != nil || $0.directories.contains(path) }
    }

    func openFile(_ path: String, create: Bool, readOnly: Bool) throws -> any StoreFile {
        let exists = state.withLock { $0.entries[path] != nil }
        let inode = try perform(create && !exists ? .create : .open, path) { image, _ throws(FileSystemError) -> Int in
            if let inode = image.entries[path] { return inode }
            guard create, image.directories.contains(parentDirectory(of: path)) else {
                throw FileSystemError(operation: "open", path: path, errno: ENOENT)
            }
            let inode = image.nextInode
            image.nextInode += 1
            image.inodes[inode] = Inode()
            image.entries[path] = inode
            image.dirtyNames.insert(path)
            return inode
        }
        return SimulatedFile(fileSystem: self, inode: inode, path: path, readOnly: readOnly)
    }

    func syncDirectory(_ path: String) throws {
        try perform(.syncDirectory, path) { image, _ throws(FileSystemError) in
            guard image.directories.contains(path) else {
                throw FileSystemError(operation: "open directory", path: path, errno: ENOENT)
            }
            for name in image.dirtyNames where parentDirectory(of: name) == path {
                image.makeNameDurable(name)
            }
        }
    }

    func rename(_ source: String, to destination: String) throws {
        try perform(.rename, source) { image, _ throws(FileSystemError) in
            guard let inode = image.entries[source] else {
                throw FileSystemError(operation: "rename", path: source, errno: ENOENT)
            }
            image.entries[destination] = inode
            image.entries[source] = nil
            image.dirtyNames.formUnion([source, destination])
        }
    }

    func removeFile(_ path: String) throws {
        try perform(.removeFile, path) { image, _ throws(FileSystemError) in
            guard image.entries.removeValue(forKey: path) != nil else { return }
            image.dirtyNames.insert(path)
        }
    }

    // MARK: - File operations (called by SimulatedFile)

    func size(of inode: Int) -> Int64 {
        state.withLock { Int64($0.inodes[inode]?.current.count ?? 0) }
    }

    func read(_ inode: Int, at offset: Int64, count: Int) -> [UInt8] {
        state.withLock { image in
            let data = image.inodes[inode]?.current ?? []
            let start = min(Int(offset), data.count)
            return Array(data[start..<min(data.count, start + count)])
        }
    }

    func write(_ inode: Int, _ bytes: [UInt8], at offset: Int64, path: String) throws {
        try perform(.write, path) { image, fault throws(FileSystemError) in
            if fault == .shortWrite {
                // Part of the data lands, then the call fails.
                image.inodes[inode]?.write(Array(bytes.prefix(bytes.count / 2)), at: Int(offset))
                throw FileSystemError(operation: "pwrite", path: path, errno: EIO)
            }
            image.inodes[inode]?.write(bytes, at: Int(offset))
        }
    }

    func sync(_ inode: Int, path: String) throws {
        let delay = hooks.withLock { $0.syncDelayMicros }
        if delay > 0 { usleep(delay) }
        try perform(.sync, path) { image, fault throws(FileSystemError) in
            // A failed fdatasync still marks the pages clean: what was dirty is now at risk.
            image.inodes[inode]?.sync(persisting: fault == nil)
        }
    }

    func truncate(_ inode: Int, to size: Int64, path: String) throws {
        try perform(.truncate, path) { image, _ throws(FileSystemError) in
            image.inodes[inode]?.truncate(to: Int(size))
        }
    }
}

/// An operation the simulated file system counts (and may fail).
enum OperationKind: String, Sendable, CustomStringConvertible {
    case open, create, write, sync, truncate, syncDirectory, rename, createDirectory, removeFile
    var description: String { rawValue }
}

/// What the k-th eligible operation suffers.
enum InjectedFault: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Any operation fails with EIO and does nothing.
    case eio
    /// A write, a create, a truncate or a mkdir fails with ENOSPC and does nothing.
    case enospc
    /// A write stores its first half, then fails with EIO.
    case shortWrite
    /// A file or directory sync fails with EIO; a file's dirty blocks are marked clean anyway.
    case fsyncFailure

    var description: String { rawValue }

    func applies(to kind: OperationKind) -> Bool {
        switch self {
        case .eio: true
        case .enospc: [.write, .create, .truncate, .createDirectory].contains(kind)
        case .shortWrite: kind == .write
        case .fsyncFailure: kind == .sync || kind == .syncDirectory
        }
    }

    var errno: Int32 { self == .enospc ? ENOSPC : EIO }
}

/// A handle on one inode of a `SimulatedFileSystem`.
final class SimulatedFile: StoreFile, Sendable {
    let fileSystem: SimulatedFileSystem
    let inode: Int
    let path: String
    let readOnly: Bool
    private let closed = Mutex(false)

    init(fileSystem: SimulatedFileSystem, inode: Int, path: String, readOnly: Bool) {
        self.fileSystem = fileSystem
        self.inode = inode
        self.path = path
        self.readOnly = readOnly
    }

    private func check(_ operation: String, writing: Bool = false) throws {
        if closed.withLock({ $0 }) || (writing && readOnly) {
            throw FileSystemError(operation: operation, path: path, errno: EBADF)
        }
    }

    func size() throws -> Int64 {
        try check("fstat")
        return fileSystem.size(of: inode)
    }

    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        try check("pread")
        return fileSystem.read(inode, at: offset, count: count)
    }

    func write(_ bytes: [UInt8], at offset: Int64) throws {
        try check("pwrite", writing: true)
        try fileSystem.write(inode, bytes, at: offset, path: path)
    }

    func sync() throws {
        try check("fdatasync")
        try fileSystem.sync(inode, path: path)
    }

    func truncate(to size: Int64) throws {
        try check("ftruncate", writing: true)
        try fileSystem.truncate(inode, to: size, path: path)
    }

    func close() {
        closed.withLock { $0 = true }
    }
}
