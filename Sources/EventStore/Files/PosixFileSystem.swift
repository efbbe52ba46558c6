#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real file system: `open`, `pread`, `pwrite`, `fdatasync`, directory `fsync`, `rename`.
public struct PosixFileSystem: StoreFileSystem {
    public init() {}

    public func createDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw FileSystemError(operation: "mkdir", path: path, errno: errno)
        }
    }

    public func contentsOfDirectory(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw FileSystemError(operation: "opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public func openFile(_ path: String, create: Bool, readOnly: Bool) throws -> any StoreFile {
        var flags = readOnly ? O_RDONLY : O_RDWR
        if create { flags |= O_CREAT }
        let fd = Glibc.open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemError(operation: "open", path: path, errno: errno) }
        return PosixFile(fd: fd, path: path)
    }

    public func syncDirectory(_ path: String) throws {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(operation: "open directory", path: path, errno: errno) }
        defer { Glibc.close(fd) }
        if fsync(fd) != 0 { throw FileSystemError(operation: "fsync directory", path: path, errno: errno) }
    }

    public func rename(_ source: String, to destination: String) throws {
        if Glibc.rename(source, destination) != 0 {
            throw FileSystemError(operation: "rename", path: source, errno: errno)
        }
    }

    public func removeFile(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw FileSystemError(operation: "unlink", path: path, errno: errno) }
    }
}

/// A POSIX file descriptor. `pread`/`pwrite` make it safe to share between threads.
final class PosixFile: StoreFile, @unchecked Sendable {
    // `fd` is set once and only read afterwards; close happens when no one uses the file any more.
    private let fd: Int32
    let path: String

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    func size() throws -> Int64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileSystemError(operation: "fstat", path: path, errno: errno) }
        return Int64(info.st_size)
    }

    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        try buffer.withUnsafeMutableBytes { raw in
            while done < count {
                let n = pread(fd, raw.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileSystemError(operation: "pread", path: path, errno: errno)
                }
                if n == 0 { break }
                done += n
            }
        }
        if done < count { buffer.removeLast(count - done) }
        return buffer
    }

    func write(_ bytes: [UInt8], at offset: Int64) throws {
        var done = 0
        try bytes.withUnsafeBytes { raw in
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileSystemError(operation: "pwrite", path: path, errno: errno)
                }
                done += n
            }
        }
    }

    func sync() throws {
        if fdatasync(fd) != 0 { throw FileSystemError(operation: "fdatasync", path: path, errno: errno) }
    }

    func truncate(to size: Int64) throws {
        if ftruncate(fd, off_t(size)) != 0 { throw FileSystemError(operation: "ftruncate", path: path, errno: errno) }
    }

    func close() {
        Glibc.close(fd)
    }
}
