extension Duration {
    /// This duration in seconds, for rates and timings.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
