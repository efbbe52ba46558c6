import Testing

@testable import EventStore

/// Power cuts at every step of a concurrent workload, as SQLite's crash tests do.
@Suite struct PowerLossTests {
    /// Workloads per crash mode (each crashed at every one of its file operations).
    static let rounds = TestEnvironment.count("ONELEDGER_CRASH_ROUNDS", default: 1)
    /// Crash images per step for the random modes (torn, garbage).
    static let crashPoints = TestEnvironment.count("ONELEDGER_CRASH_POINTS", default: 1)

    // MARK: - Helpers

    /// Runs a concurrent workload, keeping the image after every file operation with what had
    /// been acknowledged by then.
    static func recordedRun(_ workload: CrashWorkload) async -> ImageRecorder {
        let fileSystem = SimulatedFileSystem()
        let acked = AckLog()
        let recorder = ImageRecorder(ackLog: acked)
        recorder.add { fileSystem.image }
        fileSystem.onEveryOperation { recorder.add($0) }
        _ = await run(workload, on: fileSystem, acked: acked)
        fileSystem.onEveryOperation(nil)
        return recorder
    }

    /// Crashes every recorded image in `mode` and collects what recovery got wrong, per step.
    static func problems(
        _ recorder: ImageRecorder, _ workload: CrashWorkload, mode: CrashMode, seeds: Int
    ) async -> [(step: Int, problems: [RecoveryProblem])] {
        var found: [(Int, [RecoveryProblem])] = []
        for (step, (image, acked)) in zip(recorder.all, recorder.acknowledged).enumerated() {
            for seed in 0..<(mode == .dropUnsynced ? 1 : seeds) {
                let crashed = SimulatedFileSystem(image: image.crashed(mode, seed: UInt64(step * 1_000 + seed)))
                let problems = await recoveryProblems(on: crashed, acked: acked, workload: workload)
                if !problems.isEmpty { found.append((step, problems)) }
            }
        }
        return found
    }

    // MARK: - Tests

    /// - Parameter largeFrames: frames of a few hundred bytes (most fit in one 512-byte block) or
    ///   of several kilobytes (a torn write leaves part of a frame).
    @Test(arguments: CrashMode.allCases, [false, true])
    func aPowerCutAtAnyStepLosesNoAcknowledgedEventAndLeavesNoHalfFrame(mode: CrashMode, largeFrames: Bool) async throws
    {
        for round in 0..<Self.rounds {
            var workload = CrashWorkload(
                seed: 50 + UInt64(round), appenders: 4, appendsEach: largeFrames ? 6 : 10,
                payloadBytes: largeFrames ? 300...2_500 : 20...120)
            if largeFrames { workload.configuration = .small(segmentBytes: 12_000, hintBytes: 5_000) }
            let recorder = await Self.recordedRun(workload)
            let acked = recorder.acknowledged.last ?? [:]
            #expect(acked.count >= (largeFrames ? 24 : 40), "the workload acknowledged only \(acked.count) events")
            #expect(recorder.all.count > 100, "only \(recorder.all.count) steps recorded")
            let found = await Self.problems(recorder, workload, mode: mode, seeds: Self.crashPoints)
            for (step, problems) in found.prefix(5) {
                Issue.record("round \(round), power cut (\(mode)) after step \(step): \(problems.prefix(3))")
            }
            #expect(found.isEmpty, "\(found.count) of \(recorder.all.count) crash points went wrong")
        }
    }

    /// Recovery writes too (truncation, the hint, re-written frames): a power cut during it loses nothing either.
    @Test(arguments: [CrashMode.tornAt512, .garbageFilled])
    func aPowerCutDuringRecoveryLosesNothing(mode: CrashMode) async throws {
        let workload = CrashWorkload(seed: 60, appenders: 3, appendsEach: 8)
        let recorder = await Self.recordedRun(workload)
        let images = recorder.all
        let steps = Array(stride(from: images.count / 3, to: images.count, by: max(1, images.count / 12)))
        for step in steps {
            let acked = recorder.acknowledged[step]
            let fileSystem = SimulatedFileSystem(image: images[step].crashed(mode, seed: UInt64(step)))
            // The recovery's own acknowledged append must survive the second cut too.
            let during = ImageRecorder(ackLog: AckLog())
            fileSystem.onEveryOperation { during.add($0) }
            _ = await recoveryProblems(on: fileSystem, acked: acked, workload: workload, ackLog: during.ackLog)
            fileSystem.onEveryOperation(nil)
            for (inner, (image, ackedDuring)) in zip(during.all, during.acknowledged).enumerated() {
                let all = acked.merging(ackedDuring) { old, _ in old }
                for second in CrashMode.allCases {
                    let crashed = SimulatedFileSystem(image: image.crashed(second, seed: UInt64(inner)))
                    let problems = await recoveryProblems(on: crashed, acked: all, workload: workload)
                        .filter { if case .foreignEvent = $0 { false } else { true } }
                    #expect(
                        problems.isEmpty,
                        "step \(step) (\(mode)), recovery step \(inner) (\(second)): \(problems.prefix(3))")
                }
            }
        }
    }

    /// The check bites: a store that skips the frame fdatasync, or the directory fsyncs, loses
    /// acknowledged events in a power cut, and this harness sees it.
    @Test(arguments: ["data", "directory"])
    func aStoreThatSkipsASyncIsCaughtLosingAcknowledgedEvents(skipped: String) async throws {
        var workload = CrashWorkload(seed: 70, appenders: 2, appendsEach: 8)
        if skipped == "data" {
            workload.configuration.unsafeSkipDataSync = true
        } else {
            workload.configuration.unsafeSkipDirectorySync = true
        }
        let recorder = await Self.recordedRun(workload)
        let found = await Self.problems(recorder, workload, mode: .dropUnsynced, seeds: 1)
        let losses = found.filter { $0.problems.contains { if case .lostAcknowledged = $0 { true } else { false } } }
        #expect(!losses.isEmpty, "skipping the \(skipped) sync went unnoticed in \(recorder.all.count) power cuts")
    }
}
