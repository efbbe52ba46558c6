public import Foundation

/// The package's executable `name` (`oneledger`, `ledger-crash-writer`), built by
/// `swift build --build-tests` into the folder of the test bundle.
public func builtExecutable(_ name: String) -> URL {
    let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let candidates = [me, URL(fileURLWithPath: CommandLine.arguments[0])].map {
        $0.deletingLastPathComponent().appendingPathComponent(name)
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
}
