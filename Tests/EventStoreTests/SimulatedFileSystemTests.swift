import Testing

@testable import EventStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The crash and fault tests are only as good as the simulation under them: it behaves as documented.
@Suite struct SimulatedFileSystemTests {
    static let path = "/data/file"

    static func fileWith(_ bytes: [UInt8], synced: Bool) throws -> (SimulatedFileSystem, any StoreFile) {
        let fileSystem = SimulatedFileSystem()
        let file = try fileSystem.openFile(path, create: true, readOnly: false)
        try fileSystem.syncDirectory("/data")
        try file.write(bytes, at: 0)
        if synced { try file.sync() }
        return (fileSystem, file)
    }

    static func afterCrash(_ fileSystem: SimulatedFileSystem, _ mode: CrashMode, seed: UInt64 = 1) -> [UInt8]? {
        fileSystem.image.crashed(mode, seed: seed).contents(of: path)
    }

    @Test(arguments: CrashMode.allCases)
    func syncedDataSurvivesEveryKindOfCrash(mode: CrashMode) throws {
        let (fileSystem, _) = try Self.fileWith(Array(repeating: 7, count: 1_500), synced: true)
        #expect(Self.afterCrash(fileSystem, mode) == Array(repeating: 7, count: 1_500))
    }

    @Test func unsyncedDataIsLostWhenDropped() throws {
        let (fileSystem, file) = try Self.fileWith(Array(repeating: 7, count: 100), synced: true)
        try file.write(Array(repeating: 9, count: 100), at: 100)
        #expect(try file.read(at: 0, count: 300).count == 200)
        #expect(Self.afterCrash(fileSystem, .dropUnsynced) == Array(repeating: 7, count: 100))
    }

    @Test func aFailedSyncLosesTheDataEvenAfterALaterSuccessfulSync() throws {
        let (fileSystem, file) = try Self.fileWith(Array(repeating: 7, count: 600), synced: true)
        try file.write(Array(repeating: 9, count: 600), at: 0)
        fileSystem.arm(.fsyncFailure, at: fileSystem.operationCounts[.fsyncFailure, default: 0] + 1)
        #expect(throws: FileSystemError.self) { try file.sync() }
        try file.sync()
        // The page cache still shows the new bytes; the disk never got them.
        #expect(try file.read(at: 0, count: 600) == Array(repeating: 9, count: 600))
        #expect(Self.afterCrash(fileSystem, .dropUnsynced) == Array(repeating: 7, count: 600))
    }

    @Test func aFileWhoseDirectoryWasNotSyncedVanishes() throws {
        let fileSystem = SimulatedFileSystem()
        let file = try fileSystem.openFile(Self.path, create: true, readOnly: false)
        try file.write([1, 2, 3], at: 0)
        try file.sync()
        #expect(Self.afterCrash(fileSystem, .dropUnsynced) == nil)
        try fileSystem.syncDirectory("/data")
        #expect(Self.afterCrash(fileSystem, .dropUnsynced) == [1, 2, 3])
    }

    @Test func aDirectoryWhoseParentWasNotSyncedVanishesWithItsFiles() throws {
        let fileSystem = SimulatedFileSystem()
        try fileSystem.createDirectory("/data/ledger")
        let file = try fileSystem.openFile("/data/ledger/x", create: true, readOnly: false)
        try file.write([1], at: 0)
        try file.sync()
        try fileSystem.syncDirectory("/data/ledger")
        #expect(fileSystem.image.crashed(.dropUnsynced, seed: 0).contents(of: "/data/ledger/x") == nil)
        try fileSystem.syncDirectory("/data")
        #expect(fileSystem.image.crashed(.dropUnsynced, seed: 0).contents(of: "/data/ledger/x") == [1])
    }

    @Test func aRenameIsUndoneUntilTheDirectoryIsSynced() throws {
        let (fileSystem, file) = try Self.fileWith([1], synced: true)
        file.close()
        try fileSystem.rename(Self.path, to: "/data/renamed")
        let crashed = fileSystem.image.crashed(.dropUnsynced, seed: 0)
        #expect(crashed.contents(of: Self.path) == [1] && crashed.contents(of: "/data/renamed") == nil)
        try fileSystem.syncDirectory("/data")
        let synced = fileSystem.image.crashed(.dropUnsynced, seed: 0)
        #expect(synced.contents(of: Self.path) == nil && synced.contents(of: "/data/renamed") == [1])
    }

    /// Every 512-byte block of a torn file is wholly old or wholly new, and its size is one the file had or a block boundary between.
    @Test(arguments: 0..<20)
    func aTornWriteMixesWholeOldAndNewBlocks(seed: UInt64) throws {
        let old = [UInt8](repeating: 1, count: 1_300)
        let new = [UInt8](repeating: 2, count: 3_000)
        let (fileSystem, file) = try Self.fileWith(old, synced: true)
        try file.write(new, at: 0)
        let torn = try #require(Self.afterCrash(fileSystem, .tornAt512, seed: seed))
        #expect(torn.count == 1_300 || torn.count == 3_000 || (torn.count % 512 == 0 && torn.count > 1_300))
        for start in stride(from: 0, to: torn.count, by: 512) {
            let block = torn[start..<min(torn.count, start + 512)]
            let oldBlock = (start..<min(torn.count, start + 512)).map { $0 < old.count ? old[$0] : 0 }
            #expect(Array(block) == oldBlock || block.allSatisfy { $0 == 2 }, "block at \(start)")
        }
    }

    @Test func garbageOnlyHitsBytesThatAWriteChanged() throws {
        var bytes = [UInt8](repeating: 5, count: 1_000)
        let (fileSystem, file) = try Self.fileWith(bytes, synced: true)
        bytes[500] = 6
        try file.write(bytes, at: 0)  // rewrites 1,000 bytes, changes one
        try file.write([8, 8, 8], at: 1_000)
        let crashed = try #require(Self.afterCrash(fileSystem, .garbageFilled))
        #expect(crashed.count == 1_003)
        #expect(
            Array(crashed[0..<500]) == Array(bytes[0..<500]) && Array(crashed[501..<1_000]) == Array(bytes[501..<1_000])
        )
    }

    @Test(arguments: InjectedFault.allCases)
    func anArmedFaultFiresOnceAtTheKthEligibleOperation(fault: InjectedFault) throws {
        let fileSystem = SimulatedFileSystem()
        let file = try fileSystem.openFile(Self.path, create: true, readOnly: false)
        let before = fileSystem.operationCounts[fault, default: 0]
        fileSystem.arm(fault, at: before + 2)
        var failures: [Int32] = []
        for round in 0..<3 {
            do {
                if fault == .fsyncFailure {
                    try file.sync()
                } else {
                    try file.write([UInt8(round), 9], at: Int64(round * 2))
                }
            } catch let error as FileSystemError {
                failures.append(error.errno)
            }
        }
        #expect(failures == [fault == .enospc ? ENOSPC : EIO])
        #expect(fileSystem.firedFault != nil)
        if fault == .shortWrite { #expect(try file.read(at: 0, count: 10) == [0, 9, 1, 0, 2, 9]) }
        if fault == .eio || fault == .enospc { #expect(try file.read(at: 0, count: 10) == [0, 9, 0, 0, 2, 9]) }
    }

    @Test func aReadOnlyOrClosedHandleRefusesWrites() throws {
        let (fileSystem, file) = try Self.fileWith([1], synced: true)
        let reader = try fileSystem.openFile(Self.path, create: false, readOnly: true)
        #expect(throws: FileSystemError.self) { try reader.write([2], at: 0) }
        file.close()
        #expect(throws: FileSystemError.self) { try file.read(at: 0, count: 1) }
        #expect(try reader.read(at: 0, count: 1) == [1])
    }
}
