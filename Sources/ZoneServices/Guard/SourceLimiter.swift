import NIOConcurrencyHelpers
import NIOCore

/// Per-source concurrency and connection-rate limits, shared by all listeners and event loops.
final class SourceLimiter: Sendable {
    struct Entry {
        var open = 0
        var tokens: Double
        var refilled: NIODeadline
    }

    private let limits: NIOLockedValueBox<ConnectionLimits>
    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    init(limits: ConnectionLimits) { self.limits = NIOLockedValueBox(limits) }

    /// Takes a slot for a new connection from `source`, or returns why it is refused.
    func acquire(_ source: String, now: NIODeadline = .now()) -> String? {
        let limits = limits.withLockedValue { $0 }
        return entries.withLockedValue { entries in
            if entries.count > 10_000 { entries = entries.filter { $0.value.open > 0 } }
            var entry = entries[source] ?? Entry(tokens: Double(limits.burst), refilled: now)
            let elapsed = Double((now - entry.refilled).nanoseconds) / 1e9
            entry.tokens = min(Double(limits.burst), entry.tokens + elapsed * limits.ratePerSecond)
            entry.refilled = now
            defer { entries[source] = entry }
            guard entry.open < limits.perSource else { return "\(entry.open) connections open (limit \(limits.perSource))" }
            guard entry.tokens >= 1 else { return "connection rate above \(limits.ratePerSecond)/s" }
            entry.tokens -= 1
            entry.open += 1
            return nil
        }
    }

    func release(_ source: String) {
        entries.withLockedValue { entries in entries[source]?.open -= 1 }
    }
}
