import DataDiode

/// Fixed-rate pacing: the sender may send `bytes` once enough tokens have accrued. There is no
/// feedback from the receiver, so the rate is the only thing that decides when datagrams leave.
package struct TokenBucket: Sendable {
    package let bytesPerSecond: Double
    package let burstBytes: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    package init(bitsPerSecond: Double, burstBytes: Int, now: ContinuousClock.Instant) {
        bytesPerSecond = bitsPerSecond / 8
        self.burstBytes = Double(burstBytes)
        tokens = Double(burstBytes)
        last = now
    }

    /// How long to wait before `bytes` may be sent (zero when they may go now); consumes the tokens.
    package mutating func reserve(_ bytes: Int, now: ContinuousClock.Instant) -> Duration {
        let elapsed = last.duration(to: now)
        last = now
        let (seconds, attoseconds) = elapsed.components
        tokens = min(burstBytes, tokens + (Double(seconds) + Double(attoseconds) * 1e-18) * bytesPerSecond)
        tokens -= Double(bytes)
        if tokens >= 0 { return .zero }
        return .nanoseconds(Int64(-tokens / bytesPerSecond * 1e9))
    }

    /// Parses `800M`, `1G`, `50k` or a plain number, in bits per second.
    package static func parseRate(_ text: String) throws(DiodeError) -> Double {
        let multipliers: [Character: Double] = ["k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "g": 1e9, "G": 1e9]
        var digits = Substring(text)
        var multiplier = 1.0
        if let last = digits.last, let factor = multipliers[last] {
            multiplier = factor
            digits = digits.dropLast()
        }
        guard let value = Double(digits), value > 0, value.isFinite else {
            throw DiodeError(.invalidRate, "'\(text)': expected bits per second such as 800M, 1G or 50k")
        }
        return value * multiplier
    }
}
