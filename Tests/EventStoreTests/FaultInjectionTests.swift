import Testing

@testable import EventStore

/// Every operation of a workload fails in turn, with each kind of fault.
@Suite struct FaultInjectionTests {
    static let sweepLimit = TestEnvironment.count("ONELEDGER_FAULT_SWEEP_LIMIT", default: 0)

    /// One appender, so the sequence of file operations is the same on every run up to the fault.
    static let workload = CrashWorkload(seed: 40, appenders: 1, appendsEach: 24)

    static func isFailStopped(_ error: any Error) -> Bool {
        if case EventStoreError.failStopped = error { return true }
        return false
    }

    @Test(arguments: InjectedFault.allCases)
    func aFaultAtAnyOperationFailStopsTheStoreAndLosesNothingAcknowledged(fault: InjectedFault) async throws {
        // A dry run counts the operations this fault can hit.
        let dryRun = SimulatedFileSystem()
        let clean = await run(Self.workload, on: dryRun)
        try #require(clean.openError == nil && clean.errors.isEmpty)
        let total = dryRun.operationCounts[fault, default: 0]
        try #require(total > 20, "the workload makes only \(total) operations eligible for \(fault)")
        let last = Self.sweepLimit > 0 ? min(total, Self.sweepLimit) : total
        var failStops = 0
        for k in 1...last {
            let fileSystem = SimulatedFileSystem()
            fileSystem.arm(fault, at: k)
            let outcome = await runWithFaultChecks(fileSystem, fault: fault, k: k)
            if outcome { failStops += 1 }
        }
        #expect(failStops > 0)
    }

    // MARK: - Helpers

    /// Runs the workload with the fault armed and checks what must hold; returns true when the
    /// store fail-stopped.
    func runWithFaultChecks(_ fileSystem: SimulatedFileSystem, fault: InjectedFault, k: Int) async -> Bool {
        let context = "\(fault) at operation \(k)"
        let acked = AckLog()
        let store: EventStore
        do {
            store = try EventStore.simulated(fileSystem, Self.workload.configuration)
        } catch {
            #expect(fileSystem.firedFault != nil, "\(context): open failed without a fault: \(error)")
            await expectCleanRecovery(fileSystem, acked: [:], context, seed: UInt64(k))
            return false
        }
        let firedDuringOpen = fileSystem.firedFault != nil
        var errors: [any Error] = []
        for batch in Self.workload.appenders[0] {
            do {
                let result = try await store.append(batch)
                #expect(errors.isEmpty, "\(context): an append was acknowledged after an earlier one failed")
                acked.record(batch, result)
            } catch {
                errors.append(error)
            }
        }
        #expect(errors.allSatisfy(Self.isFailStopped), "\(context): \(errors)")
        if firedDuringOpen { #expect(errors.isEmpty, "\(context): a fault the open survived broke later appends") }
        // Any append made after the fault fired (outside the open) must be refused: fail-stop.
        let firedBeforeProbe = fileSystem.firedFault != nil
        var stopped = !errors.isEmpty
        do {
            let result = try await store.append([NewEvent(time: 2, type: "Probe", stream: "s", payload: [])])
            #expect(!firedBeforeProbe || firedDuringOpen, "\(context): an append was acknowledged after the fault")
            acked.record([NewEvent(time: 2, type: "Probe", stream: "s", payload: [])], result)
        } catch {
            #expect(Self.isFailStopped(error), "\(context): \(error)")
            stopped = true
        }
        store.close()
        #expect(fileSystem.firedFault != nil, "\(context): the fault never fired")
        await expectCleanRecovery(fileSystem, acked: acked.snapshot, context, seed: UInt64(k))
        return stopped
    }

    /// After the fault: a power cut in each mode, and a plain restart, recover every acknowledged event.
    func expectCleanRecovery(
        _ fileSystem: SimulatedFileSystem, acked: [UInt64: NewEvent], _ context: String, seed: UInt64
    ) async {
        fileSystem.disarm()
        var workload = Self.workload
        workload.appenders[0].append([NewEvent(time: 2, type: "Probe", stream: "s", payload: [])])
        for mode in CrashMode.allCases {
            let crashed = SimulatedFileSystem(image: fileSystem.image.crashed(mode, seed: seed))
            let problems = await recoveryProblems(on: crashed, acked: acked, workload: workload)
            #expect(problems.isEmpty, "\(context), then power loss (\(mode)): \(problems.prefix(3))")
        }
        // A restart without power loss: the page cache still holds what the fault left behind.
        let restarted = SimulatedFileSystem(image: fileSystem.image)
        let afterRestart = AckLog()
        let problems = await recoveryProblems(on: restarted, acked: acked, workload: workload, ackLog: afterRestart)
        #expect(problems.isEmpty, "\(context), then restart: \(problems.prefix(3))")
        // What that restart recovered, and what it acknowledged since, is durable: a power cut now loses none of it.
        let after = SimulatedFileSystem(image: restarted.image.crashed(.dropUnsynced, seed: 1))
        let all = acked.merging(afterRestart.snapshot) { old, _ in old }
        let lost = await recoveryProblems(on: after, acked: all, workload: workload).filter {
            if case .lostAcknowledged = $0 { return true }
            return false
        }
        #expect(lost.isEmpty, "\(context), then restart and power loss: \(lost.prefix(3))")
    }
}

/// Faults under concurrent load and during recovery itself.
@Suite struct FaultUnderLoadTests {
    /// Several callers share each frame: when its write or sync fails, none of them is acknowledged.
    @Test(arguments: [InjectedFault.shortWrite, .fsyncFailure, .eio])
    func aFaultUnderConcurrentLoadAcknowledgesNothingThatMayBeLost(fault: InjectedFault) async throws {
        let workload = CrashWorkload(seed: 41, appenders: 4, appendsEach: 8)
        let dryRun = SimulatedFileSystem()
        _ = await run(workload, on: dryRun)
        let total = dryRun.operationCounts[fault, default: 0]
        let limit = FaultInjectionTests.sweepLimit > 0 ? min(total, FaultInjectionTests.sweepLimit) : total
        for k in stride(from: 1, through: limit, by: 2) {
            let fileSystem = SimulatedFileSystem()
            fileSystem.slowSyncs(micros: 100)
            fileSystem.arm(fault, at: k)
            let outcome = await run(workload, on: fileSystem)
            let context = "\(fault) at operation \(k) under load"
            #expect(
                outcome.errors.allSatisfy(FaultInjectionTests.isFailStopped), "\(context): \(outcome.errors.prefix(2))")
            #expect(
                !outcome.acknowledgedAfterAFailure,
                "\(context): an appender was acknowledged after its own append failed")
            fileSystem.disarm()
            for mode in CrashMode.allCases {
                let crashed = SimulatedFileSystem(image: fileSystem.image.crashed(mode, seed: UInt64(k)))
                let problems = await recoveryProblems(on: crashed, acked: outcome.acked.snapshot, workload: workload)
                #expect(problems.isEmpty, "\(context), then power loss (\(mode)): \(problems.prefix(3))")
            }
        }
    }

    /// Recovery truncates, rewrites and replaces the hint: a fault at any of its operations
    /// fails the open (or is survived), and the next open still has every acknowledged event.
    @Test(arguments: InjectedFault.allCases)
    func aFaultDuringRecoveryLosesNothing(fault: InjectedFault) async throws {
        let workload = CrashWorkload(seed: 42, appenders: 2, appendsEach: 10)
        let recorder = await PowerLossTests.recordedRun(workload)
        // Images that need real recovery work: torn and garbage tails, frames after the hint.
        for step in stride(from: recorder.all.count / 2, to: recorder.all.count, by: max(1, recorder.all.count / 8)) {
            let acked = recorder.acknowledged[step]
            let damaged = recorder.all[step].crashed(.garbageFilled, seed: UInt64(step))
            let dryRun = SimulatedFileSystem(image: damaged)
            _ = try? EventStore.simulated(dryRun, workload.configuration).close()
            for k in 1...max(1, dryRun.operationCounts[fault, default: 0]) {
                let fileSystem = SimulatedFileSystem(image: damaged)
                fileSystem.arm(fault, at: k)
                if let store = try? EventStore.simulated(fileSystem, workload.configuration) { store.close() }
                fileSystem.disarm()
                let context = "step \(step), \(fault) at recovery operation \(k)"
                for mode in CrashMode.allCases {
                    let crashed = SimulatedFileSystem(image: fileSystem.image.crashed(mode, seed: UInt64(k)))
                    let problems = await recoveryProblems(on: crashed, acked: acked, workload: workload)
                    #expect(problems.isEmpty, "\(context), then power loss (\(mode)): \(problems.prefix(3))")
                }
                let restarted = SimulatedFileSystem(image: fileSystem.image)
                let problems = await recoveryProblems(on: restarted, acked: acked, workload: workload)
                #expect(problems.isEmpty, "\(context), then restart: \(problems.prefix(3))")
            }
        }
    }
}
