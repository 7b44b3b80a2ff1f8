import ModbusDPI
import NIOCore
import Prometheus

/// The guard's Prometheus metrics: per-rule request counters, the answer-time histogram and connection counts.
///
/// Counters are atomics; a connection keeps the counter of its last rule (``RequestCounters``), so the
/// packet path neither locks nor hashes labels for a request judged like the one before it.
public final class GuardMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let latency: DurationHistogram
    private let accepted: Counter
    private let rejected: Counter
    private let open: Gauge
    private let syslogDropped: Counter

    /// Upper bounds: 50 µs to 1 s.
    static let buckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
        .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100), .seconds(1),
    ]

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "zonectl_guard_requests", unitName: "total",
            helpText: "Modbus requests judged, by conduit, rule and verdict.")
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        latency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                metricName: "zonectl_guard_request_duration", unitName: "seconds",
                helpText: "Time from receiving a request to passing its answer on."),
            buckets: Self.buckets)
        let connections = MetricNameDescriptor(
            metricName: "zonectl_guard_connections", unitName: "total",
            helpText: "Client connections accepted or refused by the source limits.")
        accepted = registry.makeCounter(descriptor: connections, labels: [("result", "accepted")])
        rejected = registry.makeCounter(descriptor: connections, labels: [("result", "rejected")])
        open = registry.makeGauge(descriptor: MetricNameDescriptor(
            metricName: "zonectl_guard_open_connections", unitName: "", helpText: "Client connections open now."))
        syslogDropped = registry.makeCounter(descriptor: MetricNameDescriptor(
            metricName: "zonectl_guard_syslog_dropped", unitName: "total",
            helpText: "Audit messages dropped while the TCP logging host was unreachable or not reading and the queue was full."))
    }

    /// The counter of one conduit, rule and verdict; registered on first use.
    public func requestCounter(conduit: String, ruleID: String, verdict: ModbusAuditRecord.Verdict) -> Counter {
        registry.makeCounter(
            descriptor: Self.requests, labels: [("conduit", conduit), ("rule", ruleID), ("verdict", verdict.rawValue)])
    }

    public func answered(after duration: TimeAmount) { latency.recordNanoseconds(duration.nanoseconds) }

    public func connectionOpened() {
        accepted.increment()
        open.increment()
    }

    public func connectionClosed() { open.decrement() }
    public func connectionRejected() { rejected.increment() }
    public func syslogMessageDropped() { syslogDropped.increment() }

    /// The Prometheus text exposition format 0.0.4.
    public func render() -> String { registry.emitToString() }
}

/// One connection's request counters: the counter of the last rule and verdict is kept, so consecutive
/// requests with the same outcome only increment an atomic.
final class RequestCounters {
    private let metrics: GuardMetrics
    private let conduit: String
    private var last: (ruleID: String, verdict: ModbusAuditRecord.Verdict, counter: Counter)?

    init(metrics: GuardMetrics, conduit: String) {
        self.metrics = metrics
        self.conduit = conduit
    }

    func count(ruleID: String, verdict: ModbusAuditRecord.Verdict) {
        if let last, last.verdict == verdict, last.ruleID == ruleID {
            last.counter.increment()
            return
        }
        let counter = metrics.requestCounter(conduit: conduit, ruleID: ruleID, verdict: verdict)
        counter.increment()
        last = (ruleID, verdict, counter)
    }
}
