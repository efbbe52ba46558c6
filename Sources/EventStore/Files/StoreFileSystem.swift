/// The few file operations the store uses, behind a protocol so that tests can put a
/// fault-injecting, power-loss-simulating layer underneath (as SQLite's crash tests do).
///
/// Paths are absolute or relative POSIX paths. Every method either does all of its work or throws.
public protocol StoreFileSystem: Sendable {
    /// Creates one directory level; succeeds if it already exists.
    func createDirectory(_ path: String) throws
    /// Names (not paths) of the entries of a directory.
    func contentsOfDirectory(_ path: String) throws -> [String]
    func fileExists(_ path: String) -> Bool
    /// Opens a file, creating it (empty) when `create` is true and it is missing.
    func openFile(_ path: String, create: Bool, readOnly: Bool) throws -> any StoreFile
    /// Makes the directory's entries (created, renamed, removed files) durable.
    func syncDirectory(_ path: String) throws
    /// Atomically replaces `destination` with `source`.
    func rename(_ source: String, to destination: String) throws
    func removeFile(_ path: String) throws
}

/// An open file. Reads and writes are positional, so one handle may be shared by threads.
public protocol StoreFile: AnyObject, Sendable {
    func size() throws -> Int64
    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file.
    func read(at offset: Int64, count: Int) throws -> [UInt8]
    /// Writes all of `bytes` at `offset`, or throws.
    func write(_ bytes: [UInt8], at offset: Int64) throws
    /// `fdatasync`: the file's data (and its size) is on stable storage when this returns.
    func sync() throws
    func truncate(to size: Int64) throws
    func close()
}

/// A failed file operation: what was done, to which file, and the `errno`.
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var errno: Int32

    public init(operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
