import Testing

@testable import Ledger

@Suite struct CompletionRatioTests {
    @Test(arguments: [
        ("gpt-4o", 4.0, false), ("gpt-4o-2024-05-13", 3, true), ("gpt-5-mini", 8, true), ("gpt-5.4-nano", 6.25, true),
        ("gpt-4-turbo", 3, true), ("gpt-3.5-turbo", 2, false), ("o1-mini", 4, true),
        ("claude-3-opus-20240229", 5, true),
        ("claude-sonnet-4-20250514", 5, true), ("gemini-2.5-pro", 8, false), ("command-r", 3, true),
        ("ERNIE-Speed-8K", 2, true), ("gpt-4-all", 2, false), ("my-own-model", 1, false),
    ])
    func builtInRatiosByName(model: String, ratio: Double, locked: Bool) {
        #expect(CompletionRatio.builtIn(model) == .init(ratio: ratio, locked: locked))
    }

    @Test func theOptionOverridesOnlyUnlockedRatios() {
        let table: [String: Double] = ["gpt-4o": 9, "claude-3-opus-20240229": 9, "vendor/model": 7, "mine": 3]
        #expect(CompletionRatio.info("gpt-4o", table: table).ratio == 9)
        #expect(CompletionRatio.info("claude-3-opus-20240229", table: table).ratio == 5)
        #expect(CompletionRatio.info("vendor/model", table: table).ratio == 7)
        #expect(CompletionRatio.info("mine", table: table).ratio == 3)
        #expect(CompletionRatio.info("other", table: table).ratio == 1)
    }
}
