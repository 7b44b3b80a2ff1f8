/// A clock that moves only when a test advances it.
final class ManualClock {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private(set) var now = Instant(offset: .seconds(1000))

    func advance(by duration: Duration) { now = now.advanced(by: duration) }

    func advance(to instant: Instant) { now = max(now, instant) }

    /// Wall-clock nanoseconds derived from the manual time, for beacon timestamps.
    var unixNanoseconds: UInt64 {
        let (seconds, attoseconds) = now.offset.components
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
