import ModbusDPI
import NIOConcurrencyHelpers
import NIOCore

/// Counters and a latency histogram for the Prometheus text format.
public final class GuardMetrics: Sendable {
    struct RuleKey: Hashable {
        var conduit: String
        var rule: String
        var verdict: ModbusAuditRecord.Verdict
    }

    struct State {
        var decisions: [RuleKey: Int] = [:]
        var bucketCounts: [Int]
        var latencySum: Double = 0
        var latencyCount = 0
        var connectionsAccepted = 0
        var connectionsRejected = 0
        var openConnections = 0
    }

    /// Upper bounds in seconds: 50 µs to 1 s.
    static let buckets: [Double] = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1]
    private let state = NIOLockedValueBox(State(bucketCounts: Array(repeating: 0, count: GuardMetrics.buckets.count)))

    public init() {}

    public func decided(conduit: String, ruleID: String, verdict: ModbusAuditRecord.Verdict) {
        state.withLockedValue { $0.decisions[RuleKey(conduit: conduit, rule: ruleID, verdict: verdict), default: 0] += 1 }
    }

    public func answered(after duration: TimeAmount) {
        let seconds = Double(duration.nanoseconds) / 1e9
        state.withLockedValue { state in
            if let index = Self.buckets.firstIndex(where: { seconds <= $0 }) { state.bucketCounts[index] += 1 }
            state.latencySum += seconds
            state.latencyCount += 1
        }
    }

    public func connectionOpened() { state.withLockedValue { $0.connectionsAccepted += 1; $0.openConnections += 1 } }
    public func connectionClosed() { state.withLockedValue { $0.openConnections -= 1 } }
    public func connectionRejected() { state.withLockedValue { $0.connectionsRejected += 1 } }

    /// Requests counted for one rule and verdict.
    public func count(conduit: String, ruleID: String, verdict: ModbusAuditRecord.Verdict) -> Int {
        state.withLockedValue { $0.decisions[RuleKey(conduit: conduit, rule: ruleID, verdict: verdict)] ?? 0 }
    }

    /// The Prometheus text exposition format 0.0.4.
    public func render() -> String {
        let state = state.withLockedValue { $0 }
        var lines = [
            "# HELP zonectl_guard_requests_total Modbus requests judged, by conduit, rule and verdict.",
            "# TYPE zonectl_guard_requests_total counter",
        ]
        let keys = state.decisions.keys.sorted { ($0.conduit, $0.rule, $0.verdict.rawValue) < ($1.conduit, $1.rule, $1.verdict.rawValue) }
        for key in keys {
            lines.append("zonectl_guard_requests_total{conduit=\"\(key.conduit)\",rule=\"\(key.rule)\",verdict=\"\(key.verdict.rawValue)\"} \(state.decisions[key]!)")
        }
        lines += [
            "# HELP zonectl_guard_request_duration_seconds Time from receiving a request to passing its answer on.",
            "# TYPE zonectl_guard_request_duration_seconds histogram",
        ]
        var cumulative = 0
        for (bound, count) in zip(Self.buckets, state.bucketCounts) {
            cumulative += count
            lines.append("zonectl_guard_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)")
        }
        lines += [
            "zonectl_guard_request_duration_seconds_bucket{le=\"+Inf\"} \(state.latencyCount)",
            "zonectl_guard_request_duration_seconds_sum \(state.latencySum)",
            "zonectl_guard_request_duration_seconds_count \(state.latencyCount)",
            "# HELP zonectl_guard_connections_total Client connections accepted or refused by the source limits.",
            "# TYPE zonectl_guard_connections_total counter",
            "zonectl_guard_connections_total{result=\"accepted\"} \(state.connectionsAccepted)",
            "zonectl_guard_connections_total{result=\"rejected\"} \(state.connectionsRejected)",
            "# HELP zonectl_guard_open_connections Client connections open now.",
            "# TYPE zonectl_guard_open_connections gauge",
            "zonectl_guard_open_connections \(state.openConnections)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
