import Foundation

/// A fresh folder under the system's temporary directory, removed when `body` returns or throws.
public func withTemporaryDirectory<T>(
    prefix: String = "oneledger-test", _ body: (String) async throws -> T
) async rethrows -> T {
    let path = makeTemporaryDirectory(prefix: prefix)
    defer { removeTemporaryDirectory(path) }
    return try await body(path)
}

/// A fresh folder that the caller removes with `removeTemporaryDirectory`. Every such folder is
/// inside one folder of this test process, which is removed when the process exits, so a folder
/// a test forgets to remove is not left behind either.
public func makeTemporaryDirectory(prefix: String = "oneledger-test") -> String {
    var template = Array((TemporaryRoot.path + "/" + prefix + "-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "mkdtemp failed in \(TemporaryRoot.path)")
    return String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
}

public func removeTemporaryDirectory(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// The test process's own folder, made on first use and removed at exit.
private enum TemporaryRoot {
    static let path: String = {
        var template = Array((NSTemporaryDirectory() + "/oneledger-tests-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        atexit { removeTemporaryDirectory(TemporaryRoot.path) }
        return String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }()
}
